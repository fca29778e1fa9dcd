using System.Buffers;
using System.Net;

namespace Tusk.Transport.Polling;

/// <summary>
/// A POST body that is written to the connection through a small rented buffer. The socket under an HTTP connection
/// keeps a reference to the last buffer it sent until its next send, and a pooled keep-alive connection can sit idle
/// for a minute or more: a body handed to it directly (<see cref="ReadOnlyMemoryContent"/>) would keep a large
/// message's whole array alive that long after the send, where this keeps a 64 KiB pooled buffer.
/// </summary>
internal sealed class RequestBodyContent : HttpContent
{
    /// <summary>Bodies up to this size are sent as they are: the send buffer they live in is kept anyway.</summary>
    public const int ChunkSize = 64 * 1024;

    private readonly ReadOnlyMemory<byte> _body;

    private RequestBodyContent(ReadOnlyMemory<byte> body) => _body = body;

    /// <summary>The content for <paramref name="body"/>: the body itself when it is small, otherwise one that writes
    /// copies of it in <see cref="ChunkSize"/> pieces.</summary>
    public static HttpContent Create(ReadOnlyMemory<byte> body) =>
        body.Length <= ChunkSize ? new ReadOnlyMemoryContent(body) : new RequestBodyContent(body);

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        var chunk = ArrayPool<byte>.Shared.Rent(ChunkSize);
        try
        {
            for (var offset = 0; offset < _body.Length; offset += ChunkSize)
            {
                var piece = _body.Slice(offset, Math.Min(ChunkSize, _body.Length - offset));
                piece.CopyTo(chunk);
                await stream.WriteAsync(chunk.AsMemory(0, piece.Length), cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
    }

    protected override void SerializeToStream(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        var chunk = ArrayPool<byte>.Shared.Rent(ChunkSize);
        try
        {
            for (var offset = 0; offset < _body.Length; offset += ChunkSize)
            {
                var piece = _body.Span.Slice(offset, Math.Min(ChunkSize, _body.Length - offset));
                piece.CopyTo(chunk);
                stream.Write(chunk, 0, piece.Length);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        length = _body.Length;
        return true;
    }
}
