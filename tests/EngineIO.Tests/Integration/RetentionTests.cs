using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Tusk.Testing;

namespace Tusk.EngineIO.Tests.Integration;

/// <summary>
/// Once the application lets go of a large message, nothing in the client keeps it: not the reader's reusable wait
/// (a channel's <c>ReadAsync</c> parks the last message there until the next read), not a transport buffer. An
/// idle session after a big message holds what an idle session holds.
/// </summary>
[Parallelizable(ParallelScope.All)]
public sealed class RetentionTests
{
    private const int Size = 2 * 1024 * 1024;

    [TestCase("polling")]
    [TestCase("websocket")]
    public async Task A_large_message_the_application_dropped_is_collected_while_the_session_idles(string transport)
    {
        var server = await TestServers.GetSharedAsync("engineio", new { maxHttpBufferSize = 10_000_000 });
        await using var client = new EngineIoClient(server.HttpUri, new EngineIoClientOptions { Transports = [transport], Upgrade = false });
        await client.ConnectAsync().WaitAsync(TestTimeouts.Event);

        var message = await EchoAndForgetAsync(client);

        Assert.That(await Collection.IsCollectedAsync(message), Is.True, "the message's bytes are gone once the application dropped them");
        Assert.That(client.IsConnected, Is.True);
    }

    // Not inlined, so no reference to the message stays in the test's frame. The receive waits before the echo can
    // arrive, as an application's receive loop does.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static async Task<WeakReference> EchoAndForgetAsync(EngineIoClient client)
    {
        var receiving = client.ReceiveAsync().AsTask();
        await client.SendAsync(new string('x', Size));
        var received = await receiving.WaitAsync(TestTimeouts.Event);
        Assert.That(received, Is.Not.Null);
        Assert.That(received!.Value.TryGetUtf8Text(out var utf8), Is.True);
        Assert.That(utf8.Length, Is.EqualTo(Size));
        Assert.That(MemoryMarshal.TryGetArray(utf8, out var segment), Is.True);
        return new WeakReference(segment.Array);
    }
}
