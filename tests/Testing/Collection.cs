namespace Tusk.Testing;

/// <summary>Whether an object the code under test should have let go of is really gone.</summary>
public static class Collection
{
    /// <summary>
    /// Collects from a fresh thread-pool turn (no frame that used the object is on any stack), a few times at most, in
    /// case another thread was still unwinding such a frame.
    /// </summary>
    /// <param name="reference">A weak reference to the object.</param>
    /// <returns><see langword="true"/> when the object was collected.</returns>
    public static async Task<bool> IsCollectedAsync(WeakReference reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        for (var attempt = 0; attempt < 5; attempt++)
        {
            await Task.Yield();
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true);
            GC.WaitForPendingFinalizers();
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true);
            if (!reference.IsAlive)
            {
                return true;
            }
        }

        return false;
    }
}
