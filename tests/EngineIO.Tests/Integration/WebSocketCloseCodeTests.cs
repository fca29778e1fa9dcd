using System.Globalization;
using Tusk.Testing;

namespace Tusk.EngineIO.Tests.Integration;

/// <summary>A WebSocket the server closes with anything but a normal close ends the session as an error that
/// carries the close code and reason (real engine.io 6.x and 3.x, closing their ws socket on command).</summary>
[Parallelizable(ParallelScope.All)]
public sealed class WebSocketCloseCodeTests
{
    private static readonly object[] Cases =
    [
        new object[] { "engineio", 1001, "going away" },
        new object[] { "engineio", 1011, "internal error" },
        new object[] { "engineio", 4321, "maintenance: back soon" },
        new object[] { "engineio-v3", 1001, "going away" },
        new object[] { "engineio-v3", 4321, "maintenance: back soon" },
    ];

    [TestCaseSource(nameof(Cases))]
    public async Task A_websocket_closed_with_another_code_ends_the_session_with_the_code_and_reason(string module, int code, string reason)
    {
        var server = await TestServers.GetSharedAsync(module, new { pingInterval = 300, pingTimeout = 2000 });
        await using var client = new EngineIoClient(server.HttpUri, new EngineIoClientOptions { Transports = ["websocket"] });
        var closed = client.WhenClosed();
        await client.ConnectAsync().WaitAsync(TestTimeouts.Event);

        await client.SendAsync($"cmd:wsclose:{code}:{reason}");
        var args = await closed.WaitAsync(TestTimeouts.Event);

        Assert.That(args.Reason, Is.EqualTo(EngineIoCloseReason.TransportError));
        var error = args.Exception as EngineIoException;
        Assert.That(error?.WebSocketCloseCode, Is.EqualTo(code), args.Exception?.ToString());
        Assert.Multiple(() =>
        {
            Assert.That(error!.WebSocketCloseReason, Is.EqualTo(reason));
            Assert.That(error.Message, Does.Contain(code.ToString(CultureInfo.InvariantCulture)).And.Contain(reason));
            Assert.That(client.CloseException, Is.SameAs(error));
        });

        // A send after the end says why too, without unwrapping.
        var late = Assert.ThrowsAsync<EngineIoException>(async () => await client.SendAsync("too late"));
        Assert.That(late!.WebSocketCloseCode, Is.EqualTo(code));
        Assert.That(late.WebSocketCloseReason, Is.EqualTo(reason));
        Assert.That(late.InnerException, Is.SameAs(error));
    }

    [TestCase("engineio")]
    [TestCase("engineio-v3")]
    public async Task A_normal_close_by_the_server_is_a_server_close(string module)
    {
        var server = await TestServers.GetSharedAsync(module, new { pingInterval = 300, pingTimeout = 2000 });
        await using var client = new EngineIoClient(server.HttpUri, new EngineIoClientOptions { Transports = ["websocket"] });
        var closed = client.WhenClosed();
        await client.ConnectAsync().WaitAsync(TestTimeouts.Event);

        await client.SendAsync("cmd:wsclose:1000:bye");
        var args = await closed.WaitAsync(TestTimeouts.Event);

        Assert.That(args.Reason, Is.EqualTo(EngineIoCloseReason.ServerClose));
        Assert.That(args.Exception, Is.Null);
    }
}
