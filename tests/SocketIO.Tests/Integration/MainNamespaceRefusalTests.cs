using Tusk.Testing;

namespace Tusk.SocketIO.Tests.Integration;

/// <summary>
/// A middleware of the main namespace refuses the connection (the servers' <c>io.use</c> refuses handshakes whose query
/// has <c>refuse-main</c>). On protocol v3/v4 connections that refusal is an ERROR on <c>/</c> and fails every namespace
/// of the connection; on v5 it concerns <c>/</c> alone.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class MainNamespaceRefusalTests
{
    private const string RefusalMessage = "refused by the main namespace";

    /// <summary>Protocol v4 connections: socket.io 1.x and 2.x, and 4.x with <c>allowEIO3</c> reached by a client forced to V4.</summary>
    public static IEnumerable<TestCaseData> V4ProtocolConnections() =>
        SioTarget.All.Where(static t => t.Version <= 2).Select(static t => new TestCaseData(t, false).SetArgDisplayNames(t.ToString()))
            .Concat(SioTarget.V4Only.Select(static t => new TestCaseData(t, true).SetArgDisplayNames(t + "-allowEIO3")));

    [TestCaseSource(nameof(V4ProtocolConnections))]
    public async Task RefusalOnTheMainNamespace_FailsAConcurrentNamespaceConnectWithTheServersMessage(SioTarget target, bool allowEio3)
    {
        await using var client = await RefusedClientAsync(target, allowEio3);
        var basic = client.Of("/basic");
        SocketIoConnectErrorEventArgs? raised = null;
        var errorRaised = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        basic.ConnectError += (_, e) => { raised = e; errorRaised.TrySetResult(); };

        var root = client.ConnectAsync();
        var other = basic.ConnectAsync();
        var rootError = Assert.ThrowsAsync<SocketIoConnectException>(() => root.WaitAsync(SioTarget.Timeout));
        var otherError = Assert.ThrowsAsync<SocketIoConnectException>(() => other.WaitAsync(SioTarget.Timeout));
        await errorRaised.Task.WaitAsync(SioTarget.Timeout);

        // A connect that hung would end with the connect timeout, which carries no server message.
        Assert.That(rootError!.ServerMessage, Is.EqualTo(RefusalMessage));
        Assert.That(otherError!.ServerMessage, Is.EqualTo(RefusalMessage));
        Assert.That(otherError.Namespace, Is.EqualTo("/basic"));
        Assert.That(otherError.Message, Does.Contain("main namespace '/'"));
        Assert.That(raised!.WillRetry, Is.False);
        Assert.That(basic.IsConnected, Is.False, "a CONNECT the server sends afterwards (4.x) must not connect it");
        Assert.That(basic.IsActive, Is.False);
        Assert.That(client.IsActive, Is.False);
    }

    [TestCaseSource(nameof(V4ProtocolConnections))]
    public async Task RefusalOnTheMainNamespace_FailsANamespaceConnectedAlone(SioTarget target, bool allowEio3)
    {
        await using var client = await RefusedClientAsync(target, allowEio3);
        var basic = client.Of("/basic");

        var error = Assert.ThrowsAsync<SocketIoConnectException>(() => basic.ConnectAsync().WaitAsync(SioTarget.Timeout));

        Assert.That(error!.ServerMessage, Is.EqualTo(RefusalMessage));
        Assert.That(error.IsServerRejection, Is.True);
        Assert.That(basic.IsConnected, Is.False);
    }

    [TestCaseSource(typeof(SioTarget), nameof(SioTarget.V3Plus))]
    public async Task V5_RefusalOnTheMainNamespace_ConcernsOnlyTheMainNamespace(SioTarget target)
    {
        await using var client = target.Client(await target.ServerAsync(), o => o.Query["refuse-main"] = "1");
        var basic = client.Of("/basic");

        var rootError = Assert.ThrowsAsync<SocketIoConnectException>(() => client.ConnectAsync().WaitAsync(SioTarget.Timeout));
        await basic.ConnectAsync().WaitAsync(SioTarget.Timeout);

        Assert.That(rootError!.ServerMessage, Is.EqualTo(RefusalMessage));
        Assert.That(rootError.Namespace, Is.EqualTo("/"));
        Assert.That(basic.IsConnected, Is.True, "socket.io 3.x/4.x join every namespace on its own");
    }

    private static async Task<SocketIoClient> RefusedClientAsync(SioTarget target, bool allowEio3)
    {
        var server = allowEio3 ? await TestServers.GetSharedAsync(target.Module, new { allowEIO3 = true }) : await target.ServerAsync();
        return target.Client(server, o =>
        {
            o.Query["refuse-main"] = "1";
            if (allowEio3)
            {
                o.Protocol = SocketIoProtocol.V4;
            }
        });
    }
}
