using Tusk.Cluster.Tests.Infrastructure;
using Tusk.SocketIO;

namespace Tusk.Cluster.Tests;

/// <summary>A client session of one target, opened by a node-loss round, and the node it is on.</summary>
internal interface INodeSession : IAsyncDisposable
{
    /// <summary>The node serving the session (n1..n3).</summary>
    string Node { get; }
}

/// <summary>
/// Opens sessions for several targets on ONE node of a cluster, so that a single kill or stop of that node serves them
/// all: every kill or stop is followed by a node start, the largest cost of these tests (a node takes about 0.3-0.5
/// CPU-s to start). nginx's <c>ip_hash</c> sends every loopback client to the same node, so the nginx sessions open
/// first and their node is the victim; a session through HAProxy (round robin for a new session) is opened again until
/// it lands there.
/// </summary>
internal static class SharedVictim
{
    // Round robin over three nodes lands on any one of them within three new sessions; more leaves room for a node the
    // balancer's health check has just taken out (the round robin then skips it).
    private const int HaproxyAttempts = 12;

    /// <summary>Opens a session per target, all on one node: that node's name and the sessions, in the order of <paramref name="targets"/>.</summary>
    public static async Task<(string Victim, IReadOnlyList<T> Sessions)> OpenAsync<T>(IReadOnlyList<ClusterTarget> targets, Func<ClusterTarget, Task<T>> open)
        where T : INodeSession
    {
        var sessions = new T?[targets.Count];
        try
        {
            var nginx = Enumerable.Range(0, targets.Count).Where(i => targets[i].Balancer == Balancer.Nginx).ToList();
            string? victim = null;
            foreach (var i in nginx)
            {
                sessions[i] = await open(targets[i]);
                victim ??= sessions[i]!.Node;
                if (sessions[i]!.Node != victim)
                {
                    throw new InvalidOperationException(
                        $"nginx sent {targets[i]} to {sessions[i]!.Node} and an earlier session to {victim}: ip_hash is expected to send every loopback client to one node.");
                }
            }

            foreach (var i in Enumerable.Range(0, targets.Count).Except(nginx))
            {
                for (var attempt = 1; sessions[i] is null; attempt++)
                {
                    var session = await open(targets[i]);
                    victim ??= session.Node;
                    if (session.Node == victim)
                    {
                        sessions[i] = session;
                    }
                    else
                    {
                        await session.DisposeAsync();
                        if (attempt == HaproxyAttempts)
                        {
                            throw new InvalidOperationException($"{HaproxyAttempts} sessions of {targets[i]} never landed on {victim}.");
                        }
                    }
                }
            }

            return (victim!, sessions.Select(s => s!).ToList());
        }
        catch
        {
            await DisposeAllAsync(sessions.Where(s => s is not null).Select(s => (IAsyncDisposable)s!));
            throw;
        }
    }

    /// <summary>Disposes every one of <paramref name="items"/>, even when one of them throws.</summary>
    public static async Task DisposeAllAsync(IEnumerable<IAsyncDisposable> items) =>
        await Task.WhenAll(items.Select(async item =>
        {
            try
            {
                await item.DisposeAsync();
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                // The round's outcome is recorded already; a client that fails to close changes nothing in it.
            }
        }));

    /// <summary>Completes when <paramref name="socket"/> connects for the second time.</summary>
    public static Task ConnectedAgain(SocketIoSocket socket)
    {
        var again = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var count = 0;
        socket.Connected += (_, _) =>
        {
            if (Interlocked.Increment(ref count) == 2)
            {
                again.TrySetResult();
            }
        };
        return again.Task;
    }

    /// <summary>Waits (bounded) for the <c>news</c> event whose payload is <paramref name="payload"/>, passing over the others; returns the node that broadcast it.</summary>
    public static async Task<string> NewsFromAsync(SocketIoSocket socket, string payload)
    {
        using var deadline = new CancellationTokenSource(ClusterTarget.Timeout);
        while (true)
        {
            var news = await socket.WaitAsync("news", ClusterTarget.Timeout, deadline.Token);
            if (news is null)
            {
                throw new TimeoutException($"no 'news' with '{payload}' reached {socket.Namespace} within {ClusterTarget.Timeout.TotalSeconds:0} s");
            }

            if (news.GetValue<string>(0) == payload)
            {
                return news.GetValue<string>(1);
            }
        }
    }
}
