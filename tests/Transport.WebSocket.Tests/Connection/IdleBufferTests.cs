using System.Net.Sockets;
using System.Net;
using System.Threading.Channels;
using Tusk.Testing;
using Tusk.Transport.WebSocket.Tests.Hostile;

namespace Tusk.Transport.WebSocket.Tests.Connection;

/// <summary>An idle connection holds no pooled buffers: it waits for data with a small buffer of its own (512 bytes)
/// and rents its large receive and send buffers again when traffic resumes.</summary>
[Parallelizable(ParallelScope.Fixtures)]
public class IdleBufferTests
{
    [Test]
    public async Task Waits_for_the_next_message_with_the_small_buffer_then_reads_it_whole()
    {
        await using var pair = await RecordedPair.OpenAsync();
        await pair.Peer.WriteAsync(RawPeer.Text("one"));
        using (var first = await pair.Client.ReceiveAsync().AsTask().WaitAsync(RawPeer.Patience))
        {
            Assert.That(first.GetText(), Is.EqualTo("one"));
        }

        pair.Stream.ForgetReads();
        var next = pair.Client.ReceiveAsync().AsTask();
        Assert.That(await pair.Stream.WaitForReadOfLengthAsync(512), Is.True, "no small read while idle");
        Assert.That(next.IsCompleted, Is.False);

        await pair.Peer.WriteAsync(RawPeer.Text("two"));
        using var second = await next.WaitAsync(RawPeer.Patience);
        Assert.That(second.GetText(), Is.EqualTo("two"));
    }

    [Test]
    public async Task A_large_payload_behind_a_small_read_goes_straight_to_its_destination()
    {
        await using var pair = await RecordedPair.OpenAsync();
        var payload = new byte[64 * 1024];
        new Random(7).NextBytes(payload);
        pair.Stream.ForgetReads();
        var receiving = pair.Client.ReceiveAsync().AsTask();
        Assert.That(await pair.Stream.WaitForReadOfLengthAsync(512), Is.True);

        await pair.Peer.WriteAsync(RawPeer.Frame(0x2, payload));
        using var message = await receiving.WaitAsync(RawPeer.Patience);

        Assert.That(Bytes.FirstDifference(message.Data.Span, payload), Is.Null);
        Assert.That(pair.Stream.RecordedReads(), Has.Some.GreaterThanOrEqualTo(payload.Length - 512), "the rest was read into the message buffer");
        Assert.That(pair.Stream.RecordedReads(), Has.None.EqualTo(16 * 1024), "not through the large buffer");
    }

    [Test]
    public async Task A_burst_of_small_messages_after_an_idle_period_arrives_whole_and_in_order()
    {
        await using var pair = await RecordedPair.OpenAsync();
        var burst = Enumerable.Range(0, 300).SelectMany(i => RawPeer.Text($"message {i}")).ToArray();
        await pair.Peer.WriteAsync(burst);

        for (var i = 0; i < 300; i++)
        {
            using var message = await pair.Client.ReceiveAsync().AsTask().WaitAsync(RawPeer.Patience);
            Assert.That(message.GetText(), Is.EqualTo($"message {i}"));
        }
    }

    [Test]
    public async Task Sends_after_each_idle_period_arrive_in_order()
    {
        await using var pair = await RecordedPair.OpenAsync();
        foreach (var text in new[] { "a", "bb", "ccc" })
        {
            await pair.Client.SendTextAsync(text).AsTask().WaitAsync(RawPeer.Patience);
            var frame = await pair.Peer.ReadFrameAsync();
            Assert.That(frame is null ? null : System.Text.Encoding.UTF8.GetString(frame.Payload), Is.EqualTo(text));
        }
    }

    /// <summary>A client connection over a recorded loopback TCP stream, and the raw peer on the other end.</summary>
    private sealed class RecordedPair : IAsyncDisposable
    {
        private readonly TcpListener _listener;
        private readonly TcpClient _tcp;

        private RecordedPair(TcpListener listener, TcpClient tcp, RecordingStream stream, WebSocketConnection client, RawPeer peer)
        {
            _listener = listener;
            _tcp = tcp;
            Stream = stream;
            Client = client;
            Peer = peer;
        }

        public RecordingStream Stream { get; }

        public WebSocketConnection Client { get; }

        public RawPeer Peer { get; }

        public static async Task<RecordedPair> OpenAsync()
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var tcp = new TcpClient();
            var accepting = listener.AcceptTcpClientAsync();
            await tcp.ConnectAsync(IPAddress.Loopback, ((IPEndPoint)listener.LocalEndpoint).Port).WaitAsync(RawPeer.Patience);
            var peer = new RawPeer(await accepting.WaitAsync(RawPeer.Patience));
            var stream = new RecordingStream(tcp.GetStream());
            return new RecordedPair(listener, tcp, stream, WebSocketConnection.Create(stream), peer);
        }

        public async ValueTask DisposeAsync()
        {
            Client.Abort();
            await Client.DisposeAsync();
            await Peer.DisposeAsync();
            _tcp.Dispose();
            _listener.Stop();
            _listener.Dispose();
        }
    }

    /// <summary>Passes everything to the inner stream and reports the buffer size of every read.</summary>
    private sealed class RecordingStream(Stream inner) : Stream
    {
        private readonly Channel<int> _reads = Channel.CreateUnbounded<int>();

        public void ForgetReads()
        {
            while (_reads.Reader.TryRead(out _))
            {
            }
        }

        public List<int> RecordedReads()
        {
            var lengths = new List<int>();
            while (_reads.Reader.TryRead(out var length))
            {
                lengths.Add(length);
            }

            return lengths;
        }

        public async Task<bool> WaitForReadOfLengthAsync(int length)
        {
            using var limit = new CancellationTokenSource(RawPeer.Patience);
            try
            {
                while (await _reads.Reader.ReadAsync(limit.Token) != length)
                {
                }

                return true;
            }
            catch (OperationCanceledException)
            {
                return false;
            }
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            _reads.Writer.TryWrite(buffer.Length);
            return inner.ReadAsync(buffer, cancellationToken);
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
            inner.WriteAsync(buffer, cancellationToken);

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            inner.WriteAsync(buffer, offset, count, cancellationToken);

        public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

        public override void Flush() => inner.Flush();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override bool CanRead => true;

        public override bool CanWrite => true;

        public override bool CanSeek => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
