using Tusk.Docs.Snippets;
using Tusk.Testing;

namespace Tusk.Docs.Tests;

/// <summary>
/// Starts the bundled sample server once for the assembly and maps the documentation's <c>localhost:3000</c> to it;
/// stops it, and the shared test servers, at the end.
/// </summary>
[SetUpFixture]
public sealed class DocServersSetup
{
    private static SampleServer? _sampleServer;

    /// <summary>The running sample server.</summary>
    internal static SampleServer SampleServer => _sampleServer ?? throw new InvalidOperationException("The sample server is not running.");

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(6));
        _sampleServer = await SampleServer.StartAsync(timeout.Token);
        DocServers.Map("localhost:3000", _sampleServer.Uri);
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        if (_sampleServer is not null)
        {
            await _sampleServer.DisposeAsync();
        }

        await TestServers.DisposeAllAsync();
    }
}
