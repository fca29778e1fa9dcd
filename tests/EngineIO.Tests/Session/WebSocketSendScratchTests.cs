using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Tusk.EngineIO.Transports;

namespace Tusk.EngineIO.Tests.Session;

/// <summary>
/// The WebSocket transport encodes a small text message in a buffer of the sending thread's. A send the WebSocket
/// cannot take at once (its frame buffer is full because the peer stopped reading) keeps that buffer: later messages
/// from the same thread must not overwrite it. A raw TCP peer that completes the upgrade and then reads only when told
/// stands in for the server (the transport's bytes are what is checked, no Engine.IO exchange is needed).
/// </summary>
[Parallelizable(ParallelScope.Fixtures)]
public class WebSocketSendScratchTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Test]
    public async Task Messages_queued_behind_a_full_frame_buffer_arrive_intact_and_in_order()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var context = new EngineIoTransportContext(new Uri($"http://127.0.0.1:{port}/"), new EngineIoClientOptions { Version = EngineIoVersion.V4 });
        await using var transport = new WebSocketTransport(context);
        var opening = transport.OpenAsync(CancellationToken.None);
        using var peer = await listener.AcceptTcpClientAsync().WaitAsync(Patience);
        var stream = peer.GetStream();
        await UpgradeAsync(stream);
        await opening.WaitAsync(Patience);

        // Sent from this one thread until a send does not complete at once, then a few more behind it.
        var messages = new List<string>();
        var sends = new List<Task>();
        var backedUp = false;
        for (var i = 0; i < 500_000 && !backedUp; i++)
        {
            var text = $"message {i} " + new string((char)('a' + (i % 26)), 400);
            messages.Add(text);
            var send = transport.SendAsync([EngineIoPacket.FromUtf8(EngineIoPacketType.Message, Encoding.UTF8.GetBytes(text))], CancellationToken.None);
            backedUp = !send.IsCompleted;
            sends.Add(send.AsTask());
        }

        Assert.That(backedUp, Is.True, "the peer's socket never filled up");
        for (var extra = 0; extra < 3; extra++)
        {
            var text = $"after {extra} " + new string('z', 300);
            messages.Add(text);
            sends.Add(transport.SendAsync([EngineIoPacket.FromUtf8(EngineIoPacketType.Message, Encoding.UTF8.GetBytes(text))], CancellationToken.None).AsTask());
        }

        // The peer reads now. Sends queued behind a full buffer may overtake one another (each waits for room on its
        // own), so the check is that every message arrives once and intact, not their order among the last ones.
        var expected = messages.Select(m => "4" + m).ToHashSet();
        var received = new HashSet<string>();
        for (var n = 0; n < messages.Count; n++)
        {
            var text = await ReadTextFrameAsync(stream).WaitAsync(Patience);
            Assert.That(expected, Does.Contain(text), $"frame {n} is not a message that was sent (overwritten?)");
            Assert.That(received.Add(text), Is.True, $"frame {n} arrived twice");
        }

        await Task.WhenAll(sends).WaitAsync(Patience);
        Assert.That(received, Has.Count.EqualTo(messages.Count));
    }

    private static async Task UpgradeAsync(NetworkStream stream)
    {
        var request = new StringBuilder();
        var buffer = new byte[1];
        while (!request.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            if (await stream.ReadAsync(buffer).AsTask().WaitAsync(Patience) == 0)
            {
                throw new IOException("The client closed the connection during the upgrade.");
            }

            request.Append((char)buffer[0]);
        }

        var key = request.ToString().Split("\r\n").First(l => l.StartsWith("Sec-WebSocket-Key:", StringComparison.OrdinalIgnoreCase))["Sec-WebSocket-Key:".Length..].Trim();
        var accept = Convert.ToBase64String(SHA1.HashData(Encoding.ASCII.GetBytes(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11")));
        var response = $"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: {accept}\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(response));
    }

    private static async Task<string> ReadTextFrameAsync(NetworkStream stream)
    {
        var head = await ReadExactAsync(stream, 2);
        Assert.That(head[0], Is.EqualTo(0x81), "a final text frame");
        Assert.That(head[1] & 0x80, Is.EqualTo(0x80), "masked");
        long length = head[1] & 0x7F;
        if (length == 126)
        {
            var extended = await ReadExactAsync(stream, 2);
            length = (extended[0] << 8) | extended[1];
        }
        else if (length == 127)
        {
            var extended = await ReadExactAsync(stream, 8);
            length = (long)System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(extended);
        }

        var mask = await ReadExactAsync(stream, 4);
        var payload = await ReadExactAsync(stream, (int)length);
        for (var i = 0; i < payload.Length; i++)
        {
            payload[i] ^= mask[i % 4];
        }

        return Encoding.UTF8.GetString(payload);
    }

    private static async Task<byte[]> ReadExactAsync(NetworkStream stream, int count)
    {
        var bytes = new byte[count];
        await stream.ReadExactlyAsync(bytes);
        return bytes;
    }
}
