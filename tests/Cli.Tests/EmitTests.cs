using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Tusk.SocketIO;
using Tusk.Testing;

namespace Tusk.Cli.Tests;

/// <summary><c>tusk emit</c> against a real socket.io 4.8 server: the ack as NDJSON, and an exit code per outcome.</summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class EmitTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    [Test]
    public async Task An_acked_emit_prints_the_ack_as_one_NDJSON_line_and_exits_0()
    {
        var server = await TestServers.GetSharedAsync("sio-v4");

        await using var tusk = await Tusk.RunAsync("emit", server.HttpUri.ToString(), "ack-echo", "\"hi\"", "42", "{\"a\":[1,2]}", "--ack");

        Assert.That(tusk.ExitCode, Is.EqualTo(ExitCodes.Done), tusk.ToString());
        Assert.That(tusk.Output.Lines, Is.EqualTo(new[] { """{"namespace":"/","event":"ack-echo","ack":["hi",42,{"a":[1,2]}],"attachments":[]}""" }));
    }

    [Test]
    public async Task A_binary_ack_lists_the_attachment_sizes()
    {
        var server = await TestServers.GetSharedAsync("sio-v4");

        await using var tusk = await Tusk.RunAsync("emit", server.HttpUri.ToString(), "binary-ack", "--ack", "--namespace", "/ack");

        Assert.That(tusk.ExitCode, Is.EqualTo(ExitCodes.Done), tusk.ToString());
        using var line = JsonDocument.Parse(tusk.Output.Lines.Single());
        var sizes = line.RootElement.GetProperty("attachments").EnumerateArray().Select(e => e.GetInt32());
        Assert.That(sizes, Is.EqualTo(new[] { 3, 2, 1 }));
        Assert.That(line.RootElement.GetProperty("ack")[0].GetBytesFromBase64(), Is.EqualTo(new byte[] { 1, 2, 3 }));
    }

    [Test]
    public async Task A_plain_emit_reaches_the_server_before_tusk_disconnects()
    {
        // A listener in a room of /csr; `tick` makes the server broadcast to the room, so the listener sees whether
        // the emit of a process that disconnects right after it arrived.
        var server = await TestServers.GetSharedAsync("sio-v4");
        await using var listener = new SocketIoClient(server.HttpUri, new SocketIoClientOptions { Namespace = "/csr", AckTimeout = Bound });
        await listener.ConnectAsync();
        var room = "room-" + Guid.NewGuid().ToString("N");
        await listener.EmitWithAckAsync("join", room);

        await using var tusk = await Tusk.RunAsync("emit", server.HttpUri.ToString(), "tick", $"\"{room}\"", "--namespace", "/csr");

        Assert.That(tusk.ExitCode, Is.EqualTo(ExitCodes.Done), tusk.ToString());
        Assert.That(tusk.Output.Text, Is.Empty);
        // tusk disconnects right after its emit. socket.io 2.x-4.x dispatch a received event on process.nextTick and drop
        // it if the socket disconnected meanwhile (socketio/socket.io#5213): before the client flushed the session ahead
        // of its DISCONNECT, this failed about once in 70-140 runs under load, when the server read both together.
        Assert.That(
            await listener.WaitAsync("tick", Bound),
            Is.Not.Null,
            $"the listener: connected {listener.IsConnected} on {listener.TransportName}; tusk: {tusk}");
    }

    [Test]
    public async Task Nothing_listening_exits_2()
    {
        await using var tusk = await Tusk.RunAsync("emit", $"http://127.0.0.1:{ClosedPort()}/", "echo");

        Assert.That(tusk.ExitCode, Is.EqualTo(ExitCodes.Refused), tusk.ToString());
        Assert.That(tusk.Error.Text, Does.Contain("could not connect"));
    }

    [Test]
    public async Task A_namespace_the_server_refuses_exits_2_with_its_message()
    {
        var server = await TestServers.GetSharedAsync("sio-v4");

        await using var tusk = await Tusk.RunAsync("emit", server.HttpUri.ToString(), "echo", "--namespace", "/reject");

        Assert.That(tusk.ExitCode, Is.EqualTo(ExitCodes.Refused), tusk.ToString());
        Assert.That(tusk.Error.Text, Does.Contain("refused namespace '/reject': not authorized"));
    }

    [Test]
    public async Task An_ack_that_never_comes_exits_3()
    {
        var server = await TestServers.GetSharedAsync("sio-v4");

        await using var tusk = await Tusk.RunAsync("emit", server.HttpUri.ToString(), "never-ack", "--ack", "--timeout", "0.5", "--namespace", "/lifecycle");

        Assert.That(tusk.ExitCode, Is.EqualTo(ExitCodes.TimedOut), tusk.ToString());
        Assert.That(tusk.Error.Text, Does.Contain("timed out"));
    }

    [Test]
    public async Task A_namespace_that_never_answers_exits_3()
    {
        var server = await TestServers.GetSharedAsync("sio-v4");

        await using var tusk = await Tusk.RunAsync("emit", server.HttpUri.ToString(), "echo", "--namespace", "/silent", "--connect-timeout", "1");

        Assert.That(tusk.ExitCode, Is.EqualTo(ExitCodes.TimedOut), tusk.ToString());
    }

    [TestCase("not json", TestName = "An argument that is not JSON exits 1 without repeating it")]
    [TestCase("{\"secret-token\": ", TestName = "Truncated JSON exits 1 without repeating it")]
    public async Task Bad_json(string argument)
    {
        await using var tusk = await Tusk.RunAsync("emit", "http://127.0.0.1:1/", "echo", argument);

        Assert.That(tusk.ExitCode, Is.EqualTo(ExitCodes.Usage), tusk.ToString());
        Assert.That(tusk.Error.Text, Does.Contain("not valid JSON"));
        Assert.That(tusk.Error.Text, Does.Not.Contain(argument.Trim()));
    }

    [TestCase("ftp://host/", TestName = "A URL with another scheme exits 1")]
    [TestCase("localhost:3000", TestName = "A URL without a scheme exits 1")]
    public async Task Bad_url(string url)
    {
        await using var tusk = await Tusk.RunAsync("emit", url, "echo");

        Assert.That(tusk.ExitCode, Is.EqualTo(ExitCodes.Usage), tusk.ToString());
        Assert.That(tusk.Error.Text, Does.Contain("http://host:port"));
    }

    internal static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
