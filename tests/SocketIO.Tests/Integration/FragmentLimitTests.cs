using Tusk.EngineIO;
using Tusk.Testing;

namespace Tusk.SocketIO.Tests.Integration;

/// <summary><see cref="SocketIoClientOptions.MaxFragmentsPerMessage"/> reaches the WebSocket: a hostile server
/// (engineio-hostile, upgrading by hand) opens the session, then sends a message in more frames than allowed.</summary>
[Parallelizable(ParallelScope.All)]
public sealed class FragmentLimitTests
{
    [Test]
    public void The_documented_default_is_65_536() =>
        Assert.That(new SocketIoClientOptions().MaxFragmentsPerMessage, Is.EqualTo(65_536));

    [Test]
    public async Task A_message_in_more_frames_than_allowed_fails_the_connection_with_1009()
    {
        var server = await TestServers.GetSharedAsync("engineio-hostile");
        var options = new SocketIoClientOptions
        {
            Transports = ["websocket"],
            Protocol = SocketIoProtocol.V5,
            Reconnection = false,
            MaxFragmentsPerMessage = 4,
        };
        options.Query["hostile"] = "ws-fragments:5";
        await using var client = new SocketIoClient(server.HttpUri, options);

        var error = Assert.ThrowsAsync<SocketIoConnectException>(() => client.ConnectAsync().WaitAsync(SioTarget.Timeout));

        var cause = error!.InnerException as EngineIoException;
        Assert.That(cause?.WebSocketCloseCode, Is.EqualTo(1009), error.ToString());
    }
}
