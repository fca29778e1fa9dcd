using Tusk.Cluster.Tests.Infrastructure;

namespace Tusk.Cluster.Tests;

/// <summary>
/// The servers this assembly's tests share: one Redis pub/sub cluster for the scenarios that leave it as they found it,
/// and one python-socketio server. Tests that kill or restart nodes start a cluster of their own.
/// </summary>
[SetUpFixture]
public sealed class SharedEnvironment
{
    private static readonly Lock Gate = new();
    private static Lazy<Task<SocketIoCluster>>? _cluster;
    private static Lazy<Task<PythonSocketIoServer>>? _python;

    internal static Task<SocketIoCluster> ClusterAsync() => Get(ref _cluster, () => SocketIoCluster.StartAsync(ClusterAdapter.PubSub));

    internal static Task<PythonSocketIoServer> PythonAsync() => Get(ref _python, () => PythonSocketIoServer.StartAsync());

    [OneTimeTearDown]
    public async Task StopSharedServersAsync()
    {
        await DisposeAsync(Take(ref _python));
        await DisposeAsync(Take(ref _cluster));
    }

    private static Task<T> Get<T>(ref Lazy<Task<T>>? slot, Func<Task<T>> start)
    {
        lock (Gate)
        {
            // A failed start is not cached: the next test tries again and reports its own, current error.
            if (slot is null || (slot.IsValueCreated && slot.Value.IsFaulted))
            {
                slot = new Lazy<Task<T>>(start);
            }

            return slot.Value;
        }
    }

    private static Lazy<Task<T>>? Take<T>(ref Lazy<Task<T>>? slot)
    {
        lock (Gate)
        {
            var taken = slot;
            slot = null;
            return taken;
        }
    }

    private static async Task DisposeAsync<T>(Lazy<Task<T>>? taken)
        where T : IAsyncDisposable
    {
        if (taken is { IsValueCreated: true } && taken.Value.IsCompletedSuccessfully)
        {
            await (await taken.Value).DisposeAsync();
        }
    }
}
