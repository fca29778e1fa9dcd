using System.Runtime.CompilerServices;
using System.Text;
using Tusk.Testing;

namespace Tusk.Transport.Polling.Tests;

/// <summary>
/// A large POST body is not kept once the POST is over. The socket under a pooled keep-alive connection keeps a
/// reference to the last buffer it sent until its next send, so a body handed to the HTTP stack as it is stayed alive as
/// long as the connection sat idle in the pool (a minute by default); the channel writes large bodies through a small
/// buffer instead. Runs against a real engine.io server over the default HTTP stack (no test handler).
/// </summary>
[Parallelizable(ParallelScope.All)]
public sealed class RequestBodyRetentionTests
{
    private const int Size = 4 * 1024 * 1024;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    [Test]
    public async Task A_large_body_is_collected_once_the_post_is_over_while_the_connection_idles()
    {
        var server = await TestServers.GetSharedAsync("engineio", new { maxHttpBufferSize = 10_000_000 });
        using var channel = new PollingChannel();
        var handshake = await channel.GetAsync(new Uri(server.HttpUri, "/engine.io/?EIO=4&transport=polling")).WaitAsync(Timeout);
        var sid = Encoding.UTF8.GetString(handshake.Body.Span).Split('"')[3];
        var session = new Uri(server.HttpUri, "/engine.io/?EIO=4&transport=polling&sid=" + Uri.EscapeDataString(sid));

        var body = await PostAndForgetAsync(channel, session);

        Assert.That(await Collection.IsCollectedAsync(body), Is.True, "the body's array is gone once the POST is over");
    }

    // Not inlined, so no reference to the body stays in the test's frame.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static async Task<WeakReference> PostAndForgetAsync(PollingChannel channel, Uri session)
    {
        var body = new byte[Size];
        body.AsSpan().Fill((byte)'x');
        body[0] = (byte)'4';
        var response = await channel.PostAsync(session, body, "text/plain;charset=UTF-8").WaitAsync(Timeout);
        Assert.That(Encoding.UTF8.GetString(response.Body.Span), Is.EqualTo("ok"));
        return new WeakReference(body);
    }
}
