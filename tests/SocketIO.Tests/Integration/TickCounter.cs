namespace Tusk.SocketIO.Tests.Integration;

/// <summary>Counts the <c>tick</c> events a listener in a room receives: the test servers broadcast one to the room for
/// each <c>tick</c> they dispatched, so this tells what a sender's events became on the server.</summary>
internal sealed class TickCounter
{
    private readonly TaskCompletionSource _allArrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _count;

    public TickCounter(SocketIoSocket listener, int expected) =>
        listener.On("tick", _ =>
        {
            if (Interlocked.Increment(ref _count) == expected)
            {
                _allArrived.TrySetResult();
            }
        });

    /// <summary>Waits until the expected number arrived, or <paramref name="timeout"/> passed; returns how many did.</summary>
    public async Task<int> WaitAsync(TimeSpan timeout)
    {
        try
        {
            await _allArrived.Task.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            // The caller asserts the count that did arrive.
        }

        return Volatile.Read(ref _count);
    }
}
