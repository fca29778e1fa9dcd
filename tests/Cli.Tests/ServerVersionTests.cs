using System.Text.Json;
using Tusk.Testing;

namespace Tusk.Cli.Tests;

/// <summary>
/// Every command against every server version Tusk supports, with the default <c>--protocol auto</c>: socket.io 0.9,
/// 1.x, 2.x, 3.x and 4.x, over the default transports and each transport alone.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class ServerVersionTests
{
    private static readonly string[] Modules = ["sio-v0", "sio-v1", "sio-v2", "sio-v3", "sio-v4"];

    private static IEnumerable<TestCaseData> EveryVersionAndTransport() =>
        from module in Modules
        from transport in new[] { "default", "polling", "websocket" }
        select new TestCaseData(module, transport).SetArgDisplayNames(module, transport);

    private static IEnumerable<TestCaseData> EveryVersion() => Modules.Select(m => new TestCaseData(m).SetArgDisplayNames(m));

    [TestCaseSource(nameof(EveryVersionAndTransport))]
    public async Task Emit_with_ack(string module, string transport)
    {
        var server = await TestServers.GetSharedAsync(module);
        List<string> args = ["emit", server.HttpUri.ToString(), "ack-echo", "\"över\"", "1.5", "--ack"];
        if (transport != "default")
        {
            args.AddRange(["--transport", transport]);
        }

        await using var tusk = await Tusk.RunAsync([.. args]);

        Assert.That(tusk.ExitCode, Is.EqualTo(ExitCodes.Done), tusk.ToString());
        Assert.That(tusk.Output.Lines, Is.EqualTo(new[] { """{"namespace":"/","event":"ack-echo","ack":["över",1.5],"attachments":[]}""" }));
    }

    [TestCaseSource(nameof(EveryVersion))]
    public async Task Listen(string module)
    {
        // 0.9 has no /basic scenario: its default namespace greets when started with a greeting.
        var server = module == "sio-v0"
            ? await TestServers.GetSharedAsync(module, new { greeting = "hello" })
            : await TestServers.GetSharedAsync(module);
        var ns = module == "sio-v0" ? "/" : "/basic";

        await using var tusk = await Tusk.RunAsync("listen", server.HttpUri.ToString(), "--namespace", ns, "--event", "hello", "--count", "1", "--json");

        Assert.That(tusk.ExitCode, Is.EqualTo(ExitCodes.Done), tusk.ToString());
        using var line = JsonDocument.Parse(tusk.Output.Lines.Single());
        Assert.That(line.RootElement.GetProperty("event").GetString(), Is.EqualTo("hello"));
        Assert.That(line.RootElement.GetProperty("namespace").GetString(), Is.EqualTo(ns));
    }

    [TestCaseSource(nameof(EveryVersion))]
    public async Task Connect(string module)
    {
        var server = await TestServers.GetSharedAsync(module);
        await using var tusk = Tusk.Start("connect", server.HttpUri.ToString());
        await tusk.Output.LineAsync("/ connected", Tusk.Bound);

        tusk.Input.Type("join /admin");
        await tusk.Output.LineAsync("/admin connected", Tusk.Bound);
        tusk.Input.Type("emit --ack ack-echo \"from admin\"");
        await tusk.Output.LineAsync("<- ack /admin ack-echo", Tusk.Bound);
        tusk.Input.Type("emit echo 3");
        await tusk.Output.LineAsync("<- /admin echo", Tusk.Bound);
        tusk.Input.Type("disconnect");

        Assert.That(await tusk.ExitAsync(), Is.EqualTo(ExitCodes.Done), tusk.ToString());
    }

    [TestCaseSource(nameof(EveryVersion))]
    public async Task Bench(string module)
    {
        var server = await TestServers.GetSharedAsync(module);

        // Only acks that arrive within the measured window count. With 0.5 s, a full run at load 17-58 saw
        // "24 sent, 0 acked" against socket.io 2.x (connects took 1.1-1.3 s): 2 s leaves four times the room.
        await using var tusk = await Tusk.RunAsync(
            "bench", server.HttpUri.ToString(), "--clients", "4", "--ramp", "0", "--duration", "2", "--rate", "10", "--event", "ack-echo");

        Assert.That(tusk.ExitCode, Is.EqualTo(ExitCodes.Done), tusk.ToString());
        Assert.That(tusk.Output.Text, Does.Contain("4 connected at peak"));
        Assert.That(tusk.Output.Text, Does.Match(@"messages     \d+ sent, [1-9][\d,]* acked"));
        Assert.That(tusk.Output.Text, Does.Contain("errors       none"));
    }
}
