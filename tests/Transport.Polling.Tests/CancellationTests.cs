using Tusk.Testing;

namespace Tusk.Transport.Polling.Tests;

/// <summary>A cancelled request throws <see cref="OperationCanceledException"/> carrying the caller's token (not the
/// linked token of the request timeout), as .NET APIs do.</summary>
[Parallelizable(ParallelScope.All)]
public sealed class CancellationTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Test]
    public async Task Cancelling_a_get_the_server_holds_throws_with_the_callers_token()
    {
        await using var server = new SilentHttpServer();
        using var channel = new PollingChannel(new PollingClientOptions());
        using var cancel = new CancellationTokenSource();
        var get = channel.GetAsync(new Uri(server.HttpUri, "/engine.io/?EIO=4&transport=polling"), cancel.Token);
        Assert.That(await server.WaitForRequestAsync(Timeout), Does.StartWith("GET /engine.io/"));

        await cancel.CancelAsync();
        var error = Assert.CatchAsync<OperationCanceledException>(async () => await get.WaitAsync(Timeout));
        Assert.That(error!.CancellationToken, Is.EqualTo(cancel.Token));
    }

    [Test]
    public async Task Cancelling_a_post_the_server_holds_throws_with_the_callers_token()
    {
        await using var server = new SilentHttpServer();
        using var channel = new PollingChannel(new PollingClientOptions());
        using var cancel = new CancellationTokenSource();
        var post = channel.PostAsync(new Uri(server.HttpUri, "/engine.io/?EIO=4&transport=polling&sid=x"), "4hello"u8.ToArray(), "text/plain;charset=UTF-8", cancel.Token);
        Assert.That(await server.WaitForRequestAsync(Timeout), Does.StartWith("POST /engine.io/"));

        await cancel.CancelAsync();
        var error = Assert.CatchAsync<OperationCanceledException>(async () => await post.WaitAsync(Timeout));
        Assert.That(error!.CancellationToken, Is.EqualTo(cancel.Token));
    }
}
