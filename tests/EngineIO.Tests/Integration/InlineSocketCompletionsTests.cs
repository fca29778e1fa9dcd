using Tusk.Testing;
using Tusk.Transport.WebSocket;

namespace Tusk.EngineIO.Tests.Integration;

/// <summary>Inline socket completions (<see cref="EngineIoConnectionOptions.SocketCompletions"/>) reach the WebSocket's socket: with the
/// Engine.IO client's own inline receive continuations, readers waiting in <c>ReceiveAsync</c> resume on the runtime's
/// socket thread (no thread-pool hop anywhere between the socket and the reader), and without the option always on a
/// thread-pool thread. Against the npm engine.io 6.x echo server, WebSocket only.</summary>
[Parallelizable(ParallelScope.All)]
public sealed class InlineSocketCompletionsTests
{
    [TestCase(SocketCompletionMode.Inline, true)]
    [TestCase(SocketCompletionMode.ThreadPool, false)]
    public async Task A_waiting_reader_resumes_on_the_socket_thread_only_when_inline(SocketCompletionMode mode, bool inline)
    {
        var server = await TestServers.GetSharedAsync("engineio");
        await using var client = new EngineIoClient(server.HttpUri, new EngineIoClientOptions
        {
            Transports = ["websocket"],
            Upgrade = false,
            InlineReceiveContinuations = true,
            Connection = { SocketCompletions = mode },
        });
        await client.ConnectAsync().WaitAsync(TestTimeouts.Event);

        using var timeout = new CancellationTokenSource(TestTimeouts.Event);
        async Task<(EngineIoMessage? Message, bool OnThreadPool)> ReadOneAsync()
        {
            var received = await client.ReceiveAsync(timeout.Token).ConfigureAwait(false);
            return (received, Thread.CurrentThread.IsThreadPoolThread);
        }

        // Each reader is suspended, its continuation registered, before the server has anything to echo. The session's
        // receive loop reads whatever is already there on the thread it runs on: it starts on the thread pool, and it runs
        // on whichever thread resumed its last await that did not complete at once, so an echo that beats the loop's next
        // socket read can arrive on a pool thread even with the option. How often that happens
        // depends on the machine's load (9 of 20 once in a whole-suite run): the test counts round trips and asserts
        // that readers resumed on the socket thread at all, which only inline completions can do.
        var offThreadPool = 0;
        const int RoundTrips = 20;
        for (var i = 0; i < RoundTrips; i++)
        {
            var reading = ReadOneAsync();
            Assert.That(reading.IsCompleted, Is.False);
            await client.SendAsync($"hello {i}").AsTask().WaitAsync(TestTimeouts.Event);
            var (message, onThreadPool) = await reading.WaitAsync(TestTimeouts.Event);
            Assert.That(message, Is.EqualTo(EngineIoMessage.FromText($"hello {i}")));
            offThreadPool += onThreadPool ? 0 : 1;
        }

        if (inline && !OperatingSystem.IsWindows())
        {
            Assert.That(offThreadPool, Is.GreaterThan(0), "readers resume on the socket thread");
        }
        else
        {
            Assert.That(offThreadPool, Is.Zero, "every reader resumes on a thread-pool thread");
        }
    }
}
