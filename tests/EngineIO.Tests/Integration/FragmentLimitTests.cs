using Tusk.Testing;

namespace Tusk.EngineIO.Tests.Integration;

/// <summary><see cref="EngineIoClientOptions.MaxFragmentsPerMessage"/> reaches the WebSocket: a hostile server
/// (engineio-hostile, upgrading by hand) sends one message in more frames than allowed.</summary>
[Parallelizable(ParallelScope.All)]
public sealed class FragmentLimitTests
{
    private static async Task<(EngineIoClient Client, Task<EngineIoClosedEventArgs> Closed)> ConnectAsync(string behaviour, int maxFragments)
    {
        var server = await TestServers.GetSharedAsync("engineio-hostile");
        var options = new EngineIoClientOptions { Transports = ["websocket"], MaxFragmentsPerMessage = maxFragments };
        options.Query["hostile"] = behaviour;
        var client = new EngineIoClient(server.HttpUri, options);
        // Watched before connecting: the server sends its fragments right behind the handshake, so the session can
        // end before the caller of ConnectAsync resumes (a test that subscribed afterwards once waited 10 s for nothing).
        var closed = client.WhenClosed();
        await client.ConnectAsync().WaitAsync(TestTimeouts.Event);
        return (client, closed);
    }

    [Test]
    public void The_documented_default_is_65_536() =>
        Assert.That(new EngineIoClientOptions().MaxFragmentsPerMessage, Is.EqualTo(65_536));

    [Test]
    public async Task A_message_in_more_frames_than_allowed_ends_the_session_with_1009()
    {
        var connection = await ConnectAsync("ws-fragments:9", maxFragments: 8);
        await using var client = connection.Client;

        var args = await connection.Closed.WaitAsync(TestTimeouts.Event);

        Assert.That(args.Reason, Is.EqualTo(EngineIoCloseReason.TransportError));
        Assert.That((args.Exception as EngineIoException)?.WebSocketCloseCode, Is.EqualTo(1009), args.Exception?.ToString());
        Assert.That(args.Exception!.Message, Does.Contain("more than 8 fragments"));
    }

    [Test]
    public async Task A_message_in_exactly_as_many_frames_as_allowed_arrives()
    {
        await using var client = (await ConnectAsync("ws-fragments:9", maxFragments: 9)).Client;

        Assert.That(await client.ReceiveTextAsync(), Is.EqualTo("xxxxxxxy"));
        Assert.That(client.IsConnected, Is.True);
    }
}
