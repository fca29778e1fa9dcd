using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Tusk.Testing;

namespace Tusk.Extensions.DependencyInjection.Tests;

/// <summary><c>Proxy</c> from configuration carries both transports of a named client, polling included (the named
/// polling HttpClient's default handler applies it).</summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class ProxyConfigurationTests
{
    [Test]
    public async Task ProxyFromConfiguration_CarriesPollingAndTheUpgradedWebSocket()
    {
        var server = await Servers.DefaultAsync();
        // A proxy of the test's own (its log is read below), in the test servers' host process: a Node process of its
        // own would cost about 0.25 CPU-s.
        var proxy = await TestServers.StartOwnAsync("http-proxy", new { auth = "tusk:s3cret" });
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ServerUri"] = server.HttpUri.ToString(),
            ["Proxy"] = new UriBuilder(proxy.HttpUri) { UserName = "tusk", Password = "s3cret" }.Uri.ToString(),
            ["Transports"] = "polling,websocket",
            ["ConnectTimeout"] = "00:00:10",
        }).Build();
        var services = new ServiceCollection();
        services.AddSocketIoClient("proxied", configuration);
        await using var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<ISocketIoClientFactory>().GetClient("proxied");

        await client.ConnectAsync().WaitAsync(Servers.Timeout);
        using var timeout = new CancellationTokenSource(Servers.Timeout);
        while (client.TransportName != "websocket")
        {
            // The upgrade finishes in the background; each bounded round trip gives it time.
            await client.EmitWithAckAsync("ack-echo", ["wait"], timeout.Token);
        }

        using var handler = new SocketsHttpHandler { UseProxy = false };
        using var http = new HttpClient(handler) { Timeout = Servers.Timeout };
        var log = await http.GetFromJsonAsync<JsonElement>(new Uri(proxy.HttpUri, "/__tusk/log"));
        var polls = log.GetProperty("requests").EnumerateArray().Count(r => r.GetProperty("url").GetString()!.Contains("transport=polling", StringComparison.Ordinal));
        var tunnels = log.GetProperty("tunnels").EnumerateArray().Count(t => t.GetProperty("target").GetString() == $"127.0.0.1:{server.Port}");
        Assert.That(polls, Is.GreaterThan(0), log.GetRawText());
        Assert.That(tunnels, Is.EqualTo(1), log.GetRawText());
    }
}
