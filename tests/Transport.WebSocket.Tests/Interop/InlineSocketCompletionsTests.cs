using System.Text;
using Tusk.Testing;
using Tusk.Transport.WebSocket.Handshake;

namespace Tusk.Transport.WebSocket.Tests.Interop;

/// <summary>Inline socket completions (<see cref="WebSocketClientOptions.SocketCompletions"/>) against the npm <c>ws</c> echo server: a waiting
/// receive resumes on the runtime's socket thread instead of a thread-pool thread, messages still arrive whole and in
/// order (with and without permessage-deflate), and disposing releases a receive that is waiting on that thread.</summary>
[TestFixture("off")]
[TestFixture("deflate")]
[Parallelizable(ParallelScope.Fixtures)]
public sealed class InlineSocketCompletionsTests(string compression)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    // Per-socket inline completions exist where the runtime's socket engine queues completions (Linux, macOS).
    private static bool Supported => !OperatingSystem.IsWindows();

    [TestCase(SocketCompletionMode.Inline, true)]
    [TestCase(SocketCompletionMode.Auto, true)]
    [TestCase(SocketCompletionMode.ThreadPool, false)]
    public async Task A_waiting_receive_resumes_on_the_socket_thread_only_when_inline(SocketCompletionMode mode, bool inline)
    {
        // A gate of its own: Auto's count is not the other tests' (the process's gate is shared by tests in parallel).
        await using var client = await ConnectAsync(mode, new InlineCompletionGate(InlineCompletionGate.DefaultAutoLimit, InlineCompletions.TryEnable));
        Assert.That(client.InlineSocketCompletions, Is.EqualTo(inline && Supported));

        async Task<(WebSocketMessageKind Kind, string Text, bool OnThreadPool, string? ThreadName)> ReceiveOneAsync()
        {
            using var message = await client.ReceiveAsync().ConfigureAwait(false);
            return (message.Kind, message.GetText(), Thread.CurrentThread.IsThreadPoolThread, Thread.CurrentThread.Name);
        }

        // The receive is suspended, its continuation registered, before the echo exists: whichever thread completes the
        // socket read runs it.
        var receiving = ReceiveOneAsync();
        Assert.That(receiving.IsCompleted, Is.False);
        await client.SendTextAsync("hello");
        var (kind, text, onThreadPool, threadName) = await receiving.WaitAsync(Patience);

        Assert.Multiple(() =>
        {
            Assert.That(kind, Is.EqualTo(WebSocketMessageKind.Text));
            Assert.That(text, Is.EqualTo("hello"));
            Assert.That(onThreadPool, Is.EqualTo(!(inline && Supported)), $"resumed on thread '{threadName}'");
        });
    }

    [Test]
    public async Task Many_messages_of_every_size_echo_whole_and_in_order()
    {
        await using var client = await ConnectAsync(SocketCompletionMode.Inline);
        var sizes = new[] { 0, 1, 125, 126, 4_095, 4_096, 65_536, 1024 * 1024 };
        // 15 of each size (120 messages, 15 MiB each way) instead of 300 (37 of the 1 MiB ones): the same sizes, order and
        // interleaving of sends and receives on the socket thread, for 40 % of the bytes through the echo server.
        var texts = Enumerable.Range(0, 15 * sizes.Length).Select(i => MakeText(sizes[i % sizes.Length], i)).ToArray();
        var sending = Task.Run(async () =>
        {
            foreach (var text in texts)
            {
                await client.SendTextAsync(text);
            }
        });

        for (var i = 0; i < texts.Length; i++)
        {
            using var echo = await client.ReceiveAsync().AsTask().WaitAsync(Patience);
            Assert.That(echo.GetText() == texts[i], Is.True, $"message {i} ({texts[i].Length} chars) differs");
        }

        await sending.WaitAsync(Patience);
        await client.CloseAsync().WaitAsync(Patience);
        Assert.That(client.State, Is.EqualTo(WebSocketConnectionState.Closed));
    }

    [Test]
    public async Task Disposing_releases_a_receive_waiting_on_the_socket_thread()
    {
        var client = await ConnectAsync(SocketCompletionMode.Inline);
        var receiving = client.ReceiveAsync().AsTask();
        Assert.That(receiving.IsCompleted, Is.False);

        await client.DisposeAsync().AsTask().WaitAsync(Patience);

        // The peer answers the close handshake, so the waiting receive either sees that close or fails as aborted;
        // either way it returns, within the bound.
        try
        {
            using var message = await receiving.WaitAsync(Patience);
            Assert.That(message.Kind, Is.EqualTo(WebSocketMessageKind.Close));
        }
        catch (WebSocketProtocolException)
        {
        }

        Assert.That(client.State, Is.AnyOf(WebSocketConnectionState.Closed, WebSocketConnectionState.Aborted));
    }

    private static string MakeText(int size, int seed)
    {
        var text = new StringBuilder(size);
        for (var i = 0; i < size; i++)
        {
            text.Append((char)('a' + ((i + seed) % 26)));
        }

        return text.ToString();
    }

    private async Task<WebSocketConnection> ConnectAsync(SocketCompletionMode mode, InlineCompletionGate? gate = null)
    {
        var deflate = compression != "off";
        object serverOptions = deflate ? new { perMessageDeflate = (object)new { threshold = 0 } } : new { perMessageDeflate = false };
        var server = await TestServers.GetSharedAsync("ws-echo", serverOptions);
        var options = new WebSocketClientOptions { EnableCompression = deflate, CloseTimeout = TimeSpan.FromSeconds(5), SocketCompletions = mode };
        options.CompletionGate = gate ?? options.CompletionGate;
        return await WebSocketClient.ConnectAsync(server.WebSocketUri, options).WaitAsync(Patience);
    }
}
