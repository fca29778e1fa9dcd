using Tusk.Testing;

namespace Tusk.Cli.Tests;

/// <summary>
/// <c>tusk connect</c> driven line by line (in-process, standard input fed by the test) against a real socket.io 4.8
/// server: acks both ways, namespaces, the upgrade to WebSocket, mistakes at the prompt, the disconnect.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class ConnectTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    [Test]
    public async Task A_session_emits_with_ack_answers_the_server_joins_upgrades_and_disconnects()
    {
        var server = await TestServers.GetSharedAsync("sio-v4");
        await using var tusk = Tusk.Start("connect", server.HttpUri.ToString(), "--transport", "polling");
        await tusk.Output.LineAsync("/ connected, socket id", Bound);
        Assert.That(await tusk.Output.LineAsync("transport polling", Bound), Does.Contain("protocol V5"));

        tusk.Input.Type("emit --ack ack-echo \"hello world\" {\"n\": [1, 2]}");
        await tusk.Output.LineAsync("<- ack / ack-echo", Bound);
        await tusk.Output.LineAsync("\"hello world\"", Bound);
        await tusk.Output.LineAsync("\"n\": [", Bound);

        tusk.Input.Type("join /lifecycle");
        await tusk.Output.LineAsync("/lifecycle connected, socket id", Bound);
        await tusk.Output.LineAsync("current namespace: /lifecycle", Bound);

        // The server answers call-me by asking for an ack; its answer to our emit describes what we acked with.
        tusk.Input.Type("emit --ack call-me");
        await tusk.Output.LineAsync("the server asks for an ack: answer 1", Bound);
        tusk.Input.Type("answer 1 \"pong\" 7");
        var described = await tusk.Output.LineAsync(l => l.Contains("pong", StringComparison.Ordinal) && !l.Contains("->", StringComparison.Ordinal), Bound);
        await tusk.Output.LineAsync("<- ack /lifecycle call-me", Bound);
        Assert.That(described, Does.Contain("pong"));

        tusk.Input.Type("upgrade");
        await tusk.Output.LineAsync("transport now: websocket", Bound);
        await tusk.Output.LineAsync("/lifecycle connected", Bound);

        tusk.Input.Type("status");
        await tusk.Output.LineAsync("transport websocket", Bound);

        tusk.Input.Type("disconnect");
        Assert.That(await tusk.ExitAsync(), Is.EqualTo(ExitCodes.Done), tusk.ToString());
        Assert.That(tusk.Output.Text, Does.Contain("-> disconnect"));
    }

    [Test]
    public async Task Events_arrive_while_the_prompt_waits_with_pretty_JSON_and_binary_sizes()
    {
        var server = await TestServers.GetSharedAsync("sio-v4");
        await using var tusk = Tusk.Start("connect", server.HttpUri.ToString(), "--namespace", "/binary-event");
        await tusk.Output.LineAsync("/binary-event connected", Bound);

        // The server answers test-binary with { success, time: <Buffer>, payload: <Buffer> }: two attachments.
        tusk.Input.Type("emit test-binary {\"hash\": \"none\"}");
        await tusk.Output.LineAsync("<- /binary-event test-binary", Bound);
        await tusk.Output.LineAsync("\"success\": true,", Bound);
        var sizes = await tusk.Output.LineAsync("(binary attachments:", Bound);
        Assert.That(sizes, Does.EndWith(", 0 bytes)"));

        tusk.Input.Close(); // Ctrl+D
        Assert.That(await tusk.ExitAsync(), Is.EqualTo(ExitCodes.Done), tusk.ToString());
    }

    [Test]
    public async Task Mistakes_at_the_prompt_are_explained_and_the_session_goes_on()
    {
        var server = await TestServers.GetSharedAsync("sio-v4");
        await using var tusk = Tusk.Start("connect", server.HttpUri.ToString());
        await tusk.Output.LineAsync("/ connected", Bound);

        tusk.Input.Type("emit");
        await tusk.Output.LineAsync("Usage: emit [--ack] EVENT [JSON...]", Bound);
        tusk.Input.Type("emit echo not-json");
        await tusk.Output.LineAsync("not JSON values", Bound);
        tusk.Input.Type("answer 9");
        await tusk.Output.LineAsync("No open ack request #9", Bound);
        tusk.Input.Type("use /elsewhere");
        await tusk.Output.LineAsync("Not joined to /elsewhere", Bound);
        tusk.Input.Type("frobnicate");
        await tusk.Output.LineAsync("Unknown command 'frobnicate'", Bound);
        tusk.Input.Type("help");
        await tusk.Output.LineAsync("answer N [JSON...]", Bound);

        tusk.Input.Type("emit echo 1");
        await tusk.Output.LineAsync("<- / echo", Bound);
        tusk.Input.Type("quit");
        Assert.That(await tusk.ExitAsync(), Is.EqualTo(ExitCodes.Done), tusk.ToString());
    }

    [Test]
    public async Task A_refused_connection_exits_2_before_any_prompt()
    {
        await using var tusk = await Tusk.RunAsync("connect", $"http://127.0.0.1:{EmitTests.ClosedPort()}/");

        Assert.That(tusk.ExitCode, Is.EqualTo(ExitCodes.Refused), tusk.ToString());
    }
}
