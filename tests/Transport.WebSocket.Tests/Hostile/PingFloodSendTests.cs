using static Tusk.Transport.WebSocket.Tests.Hostile.RawPeer;

namespace Tusk.Transport.WebSocket.Tests.Hostile;

/// <summary>A server that sends pings without pause must not keep the client's own messages from leaving: the pongs
/// the client owes (RFC 6455 §5.5.3 lets it answer only the latest ping) must not take every turn of the writer.</summary>
/// <remarks>An audit suspected that a direct write (over 64 KiB), which waits for an idle writer, could starve behind
/// pongs. These pass on the writer as it is (2026-12-07, 32,000 pings per server write, several runs): the pending
/// buffer caps the pongs and the writer goes idle between reads. They stay as a guard.</remarks>
[Parallelizable(ParallelScope.Fixtures)]
public class PingFloodSendTests
{
    [TestCase(200 * 1024, TestName = "A_message_written_directly_leaves_while_the_server_floods_pings")]
    [TestCase(1000, TestName = "A_small_message_leaves_while_the_server_floods_pings")]
    public async Task Sends_leave_during_a_ping_flood(int size)
    {
        await using var server = new HostileServer();
        var (client, peer) = await server.ConnectAsync();
        await using (client)
        await using (peer)
        {
            var receive = client.ReceiveAsync().AsTask();
            using var stop = new CancellationTokenSource();
            var pings = Enumerable.Range(0, 32_000).SelectMany(_ => Frame(0x9, [])).ToArray();
            var flood = Task.Run(async () =>
            {
                while (!stop.IsCancellationRequested)
                {
                    await peer.WriteAsync(pings);
                }
            });

            // The server reads everything, answering nothing, until the message arrives.
            var payload = new byte[size];
            new Random(3).NextBytes(payload);
            var ponging = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var arrived = Task.Run(async () =>
            {
                while (await peer.ReadFrameAsync() is { } frame)
                {
                    if (frame.Opcode == 0xA)
                    {
                        ponging.TrySetResult();
                    }
                    else if (frame.Opcode == 0x2)
                    {
                        return frame.Payload;
                    }
                }

                return null;
            });

            // The client is answering the flood before the messages are sent.
            await ponging.Task.WaitAsync(Patience);
            var sends = Enumerable.Range(0, 3).Select(_ => client.SendAsync(payload, WebSocketMessageKind.Binary).AsTask()).ToArray();
            await Task.WhenAll(sends).WaitAsync(Patience);
            var received = await arrived.WaitAsync(Patience);
            await stop.CancelAsync();
            Assert.Multiple(() =>
            {
                Assert.That(received, Is.EqualTo(payload));
                Assert.That(client.State, Is.EqualTo(WebSocketConnectionState.Open));
            });
            client.Abort();
            await Task.WhenAny(flood, receive).WaitAsync(Patience);
        }
    }
}
