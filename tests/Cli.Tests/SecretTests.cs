using Tusk.Testing;

namespace Tusk.Cli.Tests;

/// <summary>
/// Secrets given to tusk (URL user-info, query values, header values, the auth payload) reach the server and nothing
/// else: not standard output, not standard error, not the library's log under --verbose, not a bench report.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class SecretTests
{
    private const string UserInfoSecret = "pa55word-in-url";
    private const string QuerySecret = "query-secret-value";
    private const string OptionQuerySecret = "option-query-secret";
    private const string HeaderSecret = "header-secret-value";
    private const string AuthSecret = "auth-secret-value";

    private static readonly string[] Secrets = [UserInfoSecret, QuerySecret, OptionQuerySecret, HeaderSecret, AuthSecret];

    private static string[] Options(Uri server) =>
    [
        $"http://user:{UserInfoSecret}@127.0.0.1:{server.Port}/?token={QuerySecret}",
        "--query", $"key={OptionQuerySecret}",
        "--header", $"X-Api-Key={HeaderSecret}",
        "--auth", $"{{\"token\":\"{AuthSecret}\"}}",
        "--verbose",
    ];

    [Test]
    public async Task Emit_with_verbose_log_shows_none()
    {
        var server = await TestServers.GetSharedAsync("sio-v4");

        await using var tusk = await Tusk.RunAsync(["emit", .. Options(server.HttpUri), "ack-echo", "1", "--ack"]);

        Assert.That(tusk.ExitCode, Is.EqualTo(ExitCodes.Done), tusk.ToString());
        Assert.That(tusk.Error.Text, Does.Contain("token=***"), "the log ran and redacted");
        AssertNoSecret(tusk);
    }

    [Test]
    public async Task A_failed_connect_shows_none()
    {
        var closed = new Uri($"http://127.0.0.1:{EmitTests.ClosedPort()}/");

        await using var tusk = await Tusk.RunAsync(["listen", .. Options(closed), "--count", "1"]);

        Assert.That(tusk.ExitCode, Is.EqualTo(ExitCodes.Refused), tusk.ToString());
        AssertNoSecret(tusk);
    }

    [Test]
    public async Task A_bench_report_shows_none()
    {
        var server = await TestServers.GetSharedAsync("sio-v4");
        var json = Path.Combine(Path.GetTempPath(), $"tusk-secrets-{Guid.NewGuid():N}.json");
        try
        {
            await using var tusk = await Tusk.RunAsync(
                ["bench", .. Options(server.HttpUri), "--clients", "2", "--ramp", "0", "--duration", "0.3", "--out", json]);

            Assert.That(tusk.ExitCode, Is.EqualTo(ExitCodes.Done), tusk.ToString());
            AssertNoSecret(tusk);
            var report = await File.ReadAllTextAsync(json);
            Assert.That(report, Does.Contain("token=***"));
            Assert.That(Secrets.Where(report.Contains), Is.Empty, report);
        }
        finally
        {
            File.Delete(json);
        }
    }

    [Test]
    public async Task A_malformed_header_is_refused_without_its_value()
    {
        await using var tusk = await Tusk.RunAsync("emit", "http://127.0.0.1:1/", "echo", "--header", $"Authorization {HeaderSecret}");

        Assert.That(tusk.ExitCode, Is.EqualTo(ExitCodes.Usage), tusk.ToString());
        Assert.That(tusk.Error.Text, Does.Contain("--header takes K=V"));
        AssertNoSecret(tusk);
    }

    private static void AssertNoSecret(Tusk tusk)
    {
        var everything = tusk.Output.Text + tusk.Error.Text;
        Assert.That(Secrets.Where(everything.Contains), Is.Empty, everything);
    }
}
