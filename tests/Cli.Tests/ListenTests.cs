using System.Text.Json;
using Tusk.Testing;

namespace Tusk.Cli.Tests;

/// <summary><c>tusk listen</c> against real socket.io 4.8 servers: NDJSON events, counts, time bounds, a lost server.</summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class ListenTests
{
    [Test]
    public async Task With_json_each_event_is_one_NDJSON_line_and_the_count_ends_it_with_0()
    {
        var server = await TestServers.GetSharedAsync("sio-v4");

        await using var tusk = await Tusk.RunAsync("listen", server.HttpUri.ToString(), "--namespace", "/basic", "--count", "1", "--json");

        Assert.That(tusk.ExitCode, Is.EqualTo(ExitCodes.Done), tusk.ToString());
        Assert.That(tusk.Output.Lines, Is.EqualTo(new[] { """{"namespace":"/basic","event":"hello","args":[],"attachments":[]}""" }));
    }

    [Test]
    public async Task Without_json_each_event_is_namespace_name_and_arguments()
    {
        var server = await TestServers.GetSharedAsync("sio-v4");

        await using var tusk = await Tusk.RunAsync("listen", server.HttpUri.ToString(), "--namespace", "/csr", "--count", "1");

        Assert.That(tusk.ExitCode, Is.EqualTo(ExitCodes.Done), tusk.ToString());
        Assert.That(tusk.Output.Lines, Is.EqualTo(new[] { "/csr welcome [false]" }));
    }

    [Test]
    public async Task A_count_not_reached_in_time_exits_3()
    {
        var server = await TestServers.GetSharedAsync("sio-v4");

        await using var tusk = await Tusk.RunAsync(
            "listen", server.HttpUri.ToString(), "--namespace", "/basic", "--event", "no-such-event", "--count", "1", "--timeout", "1");

        Assert.That(tusk.ExitCode, Is.EqualTo(ExitCodes.TimedOut), tusk.ToString());
        Assert.That(tusk.Output.Text, Is.Empty, "--event filters the hello out");
        Assert.That(tusk.Error.Text, Does.Contain("0 of 1 event(s)"));
    }

    [Test]
    public async Task A_listening_window_without_a_count_ends_with_0()
    {
        var server = await TestServers.GetSharedAsync("sio-v4");

        await using var tusk = await Tusk.RunAsync("listen", server.HttpUri.ToString(), "--namespace", "/basic", "--timeout", "1", "--json");

        Assert.That(tusk.ExitCode, Is.EqualTo(ExitCodes.Done), tusk.ToString());
        Assert.That(tusk.Output.Lines, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Ctrl_C_ends_an_open_ended_listen_with_0()
    {
        var server = await TestServers.GetSharedAsync("sio-v4");
        await using var tusk = Tusk.Start("listen", server.HttpUri.ToString(), "--namespace", "/basic");
        await tusk.Error.LineAsync("listening on", Tusk.Bound);

        tusk.Interrupt();

        Assert.That(await tusk.ExitAsync(), Is.EqualTo(ExitCodes.Done), tusk.ToString());
    }

    [Test]
    public async Task A_server_that_goes_away_exits_4()
    {
        var server = await NodeServer.StartAsync("sio-v4");
        await using var tusk = Tusk.Start("listen", server.HttpUri.ToString(), "--json");
        await tusk.Error.LineAsync("listening on", Tusk.Bound);

        await server.DisposeAsync();

        Assert.That(await tusk.ExitAsync(), Is.EqualTo(ExitCodes.Disconnected), tusk.ToString());
        Assert.That(tusk.Error.Text, Does.Contain("disconnected: transport"));
    }
}
