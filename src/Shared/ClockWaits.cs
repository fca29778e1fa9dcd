namespace Tusk.Internal;

/// <summary>
/// Waits bounded on an injected clock. The BCL has <see cref="Task.WaitAsync(TimeSpan, TimeProvider)"/>,
/// <see cref="Task.Delay(TimeSpan, TimeProvider, CancellationToken)"/> and a <see cref="CancellationTokenSource"/>
/// constructor that take a <see cref="TimeProvider"/>, but no <see cref="SemaphoreSlim"/> wait does.
/// </summary>
/// <remarks>Compiled into each assembly that needs it, as an internal type (see src/Shared).</remarks>
internal static class ClockWaits
{
    /// <summary>
    /// <see cref="SemaphoreSlim.WaitAsync(TimeSpan, CancellationToken)"/> with <paramref name="timeout"/> measured on
    /// <paramref name="timeProvider"/>'s clock: true once entered, false when the timeout elapsed first.
    /// </summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static async Task<bool> WaitAsync(this SemaphoreSlim semaphore, TimeSpan timeout, TimeProvider timeProvider, CancellationToken cancellationToken = default)
    {
        if (timeProvider == TimeProvider.System)
        {
            return await semaphore.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
        }

        cancellationToken.ThrowIfCancellationRequested();
        if (semaphore.Wait(0, cancellationToken))
        {
            return true;
        }

        using var timer = new CancellationTokenSource(timeout, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timer.Token);
        try
        {
            await semaphore.WaitAsync(linked.Token).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }
}
