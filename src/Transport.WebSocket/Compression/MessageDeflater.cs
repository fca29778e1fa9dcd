using System.IO.Compression;

namespace Tusk.Transport.WebSocket.Compression;

/// <summary>Compresses outgoing messages for permessage-deflate (RFC 7692 §7.2.1): raw DEFLATE ended by a sync
/// flush, whose <c>00 00 FF FF</c> tail is removed. With context takeover one compressor lives for the whole
/// connection, so each message can refer back to earlier ones.</summary>
internal sealed class MessageDeflater : IDisposable
{
    private readonly bool _noContextTakeover;
    private readonly PooledBufferStream _sink = new();
    private DeflateStream? _deflate;

    public MessageDeflater(bool noContextTakeover) => _noContextTakeover = noContextTakeover;

    /// <summary>Whether each message can refer back to earlier ones (context takeover): then every compressed message
    /// must reach the peer, in order.</summary>
    public bool KeepsContext => !_noContextTakeover;

    /// <summary>Compresses one message. The result is valid until the next call.</summary>
    public ReadOnlyMemory<byte> Compress(ReadOnlySpan<byte> payload)
    {
        _sink.Reset();
        _deflate ??= new DeflateStream(_sink, CompressionLevel.Optimal, leaveOpen: true);
        _deflate.Write(payload);
        _deflate.Flush();
        var written = _sink.WrittenMemory;
        if (written.Length < 4 || !written.Span[^4..].SequenceEqual((ReadOnlySpan<byte>)[0x00, 0x00, 0xFF, 0xFF]))
        {
            // Nothing was flushed (an empty message): a single empty stored-block header stands for it.
            _sink.Reset();
            _sink.Write([0x00]);
            written = _sink.WrittenMemory;
        }
        else
        {
            written = written[..^4];
        }

        if (_noContextTakeover)
        {
            // Disposing emits a final block; it belongs to no message, so it is dropped.
            var length = written.Length;
            _sink.Discard = true;
            _deflate.Dispose();
            _deflate = null;
            _sink.Discard = false;
            written = _sink.WrittenMemory[..length];
        }

        return written;
    }

    public void Dispose()
    {
        _sink.Discard = true;
        _deflate?.Dispose();
        _sink.Dispose();
    }
}
