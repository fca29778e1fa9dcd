using System.Text;
using Tusk.Transport.WebSocket.Connection;

namespace Tusk.Transport.WebSocket;

/// <summary>A whole received message. Its bytes live in a pooled buffer: <see cref="Dispose"/> returns the
/// buffer (and this object) for reuse, so neither may be touched after disposal. A buffer above 1 MiB is not pooled but
/// dropped on disposal, so a connection holds no large buffer once its big message is disposed.</summary>
/// <remarks>
/// Thread safety: not thread-safe. A message has one owner, the receiver: read it from one thread at a time and
/// dispose it once, after the last read.
/// </remarks>
public sealed class WebSocketMessage : IDisposable
{
    private static readonly byte[] s_empty = [];

    private byte[] _buffer = s_empty;
    private bool _pooled;
    private WebSocketConnection? _owner;

    internal WebSocketMessage()
    {
    }

    /// <summary>Whether the message is text, binary, or the peer's close.</summary>
    public WebSocketMessageKind Kind { get; private set; }

    /// <summary>The payload (for <see cref="WebSocketMessageKind.Close"/>: empty). Valid until <see cref="Dispose"/>.</summary>
    public ReadOnlyMemory<byte> Data { get; private set; }

    /// <summary>Decodes the payload as UTF-8 (text messages were already validated on receipt).</summary>
    /// <returns>The text.</returns>
    public string GetText() => Encoding.UTF8.GetString(Data.Span);

    /// <summary>
    /// Takes the payload out of the message for a caller that keeps it after <see cref="Dispose"/>. The buffer of a
    /// large payload (over 1 MiB, never pooled) is handed over as it is, with no copy; a small payload is copied and its
    /// pooled buffer stays with the message. Afterwards <see cref="Data"/> is empty; dispose the message as usual.
    /// </summary>
    /// <returns>The payload, owned by the caller.</returns>
    /// <exception cref="ObjectDisposedException">The message was disposed.</exception>
    public ReadOnlyMemory<byte> Detach()
    {
        ObjectDisposedException.ThrowIf(_owner is null, this);
        var data = Data;
        Data = default;
        if (_buffer.Length <= BufferPool.MaxPooledLength)
        {
            return data.ToArray();
        }

        // A plain array: nothing returns it anywhere, so the caller may simply keep it.
        _buffer = s_empty;
        _pooled = false;
        return data;
    }

    /// <summary>Returns the buffer to the pool. Calling it twice does nothing.</summary>
    public void Dispose()
    {
        var owner = _owner;
        if (owner is null)
        {
            return;
        }

        _owner = null;
        if (_pooled)
        {
            BufferPool.Return(_buffer);
        }

        _buffer = s_empty;
        _pooled = false;
        Data = default;
        owner.ReturnMessage(this);
    }

    internal void Set(WebSocketConnection owner, WebSocketMessageKind kind, byte[] buffer, int length, bool pooled)
    {
        _owner = owner;
        Kind = kind;
        _buffer = buffer;
        _pooled = pooled;
        Data = new ReadOnlyMemory<byte>(buffer, 0, length);
    }
}
