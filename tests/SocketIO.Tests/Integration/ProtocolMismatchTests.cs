using Tusk.SocketIO.Tests.Legacy;
using Tusk.Testing;

namespace Tusk.SocketIO.Tests.Integration;

/// <summary>
/// A client forced to a protocol revision the server does not speak fails the connect at once, with a message that
/// names what the server speaks, what was asked for and the option to change, instead of a decoding error or a ping
/// timeout later.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class ProtocolMismatchTests
{
    /// <summary>socket.io 1.x/2.x, every transport setup, against the client forced to V5.</summary>
    public static IEnumerable<SioTarget> EngineIo3Servers => SioTarget.All.Where(static t => t.Version <= 2);

    [TestCaseSource(nameof(EngineIo3Servers))]
    public async Task V5Client_AgainstSocketIo1Or2_FailsSayingWhatTheServerSpeaks(SioTarget target)
    {
        await using var client = target.Client(await target.ServerAsync(), o => o.Protocol = SocketIoProtocol.V5);
        var basic = client.Of("/basic");

        var root = client.ConnectAsync();
        var other = basic.ConnectAsync();
        var error = Assert.ThrowsAsync<SocketIoProtocolMismatchException>(() => root.WaitAsync(SioTarget.Timeout));
        var otherError = Assert.ThrowsAsync<SocketIoProtocolMismatchException>(() => other.WaitAsync(SioTarget.Timeout));

        Assert.That(error!.RequestedProtocol, Is.EqualTo(SocketIoProtocol.V5));
        Assert.That(error.ServerProtocol, Is.EqualTo(SocketIoProtocol.V4));
        Assert.That(error.Message, Does.Contain("socket.io 1.x/2.x").And.Contain("SocketIoClientOptions.Protocol is V5")
            .And.Contain("Set SocketIoClientOptions.Protocol to V4, or to Auto"));
        Assert.That(error.Message, Does.Not.Contain("EngineIoVersion").And.Not.Contain("packet type"));
        Assert.That(otherError!.ServerProtocol, Is.EqualTo(SocketIoProtocol.V4));
        Assert.That(client.IsActive, Is.False);
        Assert.That(basic.IsActive, Is.False);
    }

    [TestCaseSource(typeof(SioTarget), nameof(SioTarget.V3Plus))]
    public async Task V4Client_AgainstSocketIo3Or4WithoutAllowEio3_FailsSayingWhatTheServerSpeaks(SioTarget target)
    {
        // socket.io 3.x leaves a refused WebSocket silent: that case ends with the connect timeout, then a probe tells why.
        await using var client = target.Client(await target.ServerAsync(), o =>
        {
            o.Protocol = SocketIoProtocol.V4;
            o.ConnectTimeout = TimeSpan.FromSeconds(3);
        });

        var error = Assert.ThrowsAsync<SocketIoProtocolMismatchException>(() => client.ConnectAsync().WaitAsync(SioTarget.Timeout));

        Assert.That(error!.RequestedProtocol, Is.EqualTo(SocketIoProtocol.V4));
        Assert.That(error.ServerProtocol, Is.EqualTo(SocketIoProtocol.V5));
        Assert.That(error.Message, Does.Contain("socket.io 3.x/4.x").And.Contain("allowEIO3")
            .And.Contain("SocketIoClientOptions.Protocol is V4").And.Contain("Set SocketIoClientOptions.Protocol to V5, or to Auto"));
        Assert.That(error.Message, Does.Not.Contain("EngineIoVersion"));
    }

    [TestCaseSource(typeof(SioTarget), nameof(SioTarget.V4Only))]
    public async Task V4Client_AgainstSocketIo4WithAllowEio3_IsNoMismatch(SioTarget target)
    {
        var server = await TestServers.GetSharedAsync(target.Module, new { allowEIO3 = true });
        await using var client = target.Client(server, o => o.Protocol = SocketIoProtocol.V4);
        var admin = client.Of("/admin");

        await Task.WhenAll(client.ConnectAsync(), admin.ConnectAsync()).WaitAsync(SioTarget.Timeout);
        var seen = await admin.EmitWithAckAsync<string>("whoami").WaitAsync(SioTarget.Timeout);

        Assert.That(client.NegotiatedProtocol, Is.EqualTo(SocketIoProtocol.V4));
        Assert.That(admin.Id, Is.EqualTo(seen));
    }

    [Test]
    public async Task ModernClient_AgainstSocketIo09_FailsSayingWhatTheServerSpeaks(
        [Values(SocketIoProtocol.V4, SocketIoProtocol.V5)] SocketIoProtocol protocol,
        [Values("polling", "websocket")] string transport)
    {
        var server = await LegacyServers.FastHeartbeatAsync();
        await using var client = new SocketIoClient(server.HttpUri, new SocketIoClientOptions
        {
            Protocol = protocol,
            Transports = [transport],
            ConnectTimeout = TimeSpan.FromSeconds(10),
        });

        var error = Assert.ThrowsAsync<SocketIoProtocolMismatchException>(() => client.ConnectAsync().WaitAsync(SioTarget.Timeout));

        Assert.That(error!.ServerProtocol, Is.EqualTo(SocketIoProtocol.V0_9));
        Assert.That(error.Message, Does.Contain("socket.io 0.9").And.Contain($"SocketIoClientOptions.Protocol is {protocol}")
            .And.Contain("Set SocketIoClientOptions.Protocol to V0_9, or to Auto"));
        Assert.That(error.Message, Does.Not.Contain("packet type"));
    }

    [TestCase(2)]
    [TestCase(4)]
    public async Task V09Client_AgainstAnEngineIoServer_FailsSayingItIsNot09(int version)
    {
        var server = await new SioTarget(version, "polling").ServerAsync();
        await using var client = LegacyServers.CreateClient(server.HttpUri, "polling");

        var error = Assert.ThrowsAsync<SocketIoProtocolMismatchException>(() => client.ConnectAsync().WaitAsync(SioTarget.Timeout));

        Assert.That(error!.RequestedProtocol, Is.EqualTo(SocketIoProtocol.V0_9));
        Assert.That(error.ServerProtocol, Is.Null);
        Assert.That(error.Message, Does.Contain("Engine.IO (socket.io 1.x or later)").And.Contain("SocketIoClientOptions.Protocol is V0_9")
            .And.Contain("Set SocketIoClientOptions.Protocol to Auto"));
    }
}
