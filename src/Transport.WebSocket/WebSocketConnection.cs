namespace Tusk.Transport.WebSocket;

/// <summary>A client-role RFC 6455 connection over an already upgraded duplex stream.</summary>
/// <remarks>
/// Any number of callers may send at once: each frame is written whole, and frames queued while a write is in
/// flight are coalesced into the next write. One receive may run at a time, alongside sends and
/// <see cref="CloseAsync"/>. Pings are answered while a receive is running.
/// </remarks>
public sealed partial class WebSocketConnection : IAsyncDisposable
{
    private WebSocketConnection()
    {
    }

    /// <summary>The close code: the peer's (1005 when its close frame had none), or the code this side failed
    /// the connection with, or 1006 when the connection was lost; <see langword="null"/> while open.</summary>
    public int? CloseCode { get; private set; }

    /// <summary>The close reason that came with <see cref="CloseCode"/>, or <see langword="null"/>.</summary>
    public string? CloseReason { get; private set; }

    /// <summary>The subprotocol the server selected, or <see langword="null"/>.</summary>
    public string? SubProtocol { get; private set; }

    /// <summary>Whether permessage-deflate is in use.</summary>
    public bool IsCompressed { get; private set; }

    /// <summary>Where the connection is in its life.</summary>
    public WebSocketConnectionState State { get; private set; }

    /// <summary>Creates a client-role connection over <paramref name="stream"/>, which must already carry an
    /// upgraded WebSocket (the handshake is not performed).</summary>
    /// <param name="stream">A readable, writable stream; the connection owns and disposes it.</param>
    /// <param name="options">Connection settings; <see langword="null"/> for defaults.</param>
    /// <returns>The connection.</returns>
    public static WebSocketConnection Create(Stream stream, WebSocketConnectionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        throw new NotImplementedException();
    }

    /// <summary>Sends one message. Thread-safe; completes once the frame is queued for writing (waiting only
    /// while the send buffer is full).</summary>
    /// <param name="payload">The bytes; copied before the call returns, so the caller may reuse them.</param>
    /// <param name="kind"><see cref="WebSocketMessageKind.Text"/> (must be UTF-8) or <see cref="WebSocketMessageKind.Binary"/>.</param>
    /// <param name="cancellationToken">Cancels waiting for buffer space.</param>
    /// <returns>A task that completes when the message is queued.</returns>
    public ValueTask SendAsync(ReadOnlyMemory<byte> payload, WebSocketMessageKind kind, CancellationToken cancellationToken = default) =>
        throw new NotImplementedException();

    /// <summary>Sends a text message, encoding it as UTF-8 straight into the send buffer.</summary>
    /// <param name="text">The text.</param>
    /// <param name="cancellationToken">Cancels waiting for buffer space.</param>
    /// <returns>A task that completes when the message is queued.</returns>
    public ValueTask SendTextAsync(string text, CancellationToken cancellationToken = default) =>
        throw new NotImplementedException();

    /// <summary>Receives the next whole message into a pooled buffer. Dispose the message to return the buffer.</summary>
    /// <param name="cancellationToken">Cancels the wait; a cancelled receive aborts the connection, because a
    /// frame may be half read.</param>
    /// <returns>The message; its <see cref="WebSocketMessage.Kind"/> is <see cref="WebSocketMessageKind.Close"/> once
    /// the peer closed (then <see cref="CloseCode"/> and <see cref="CloseReason"/> are set).</returns>
    /// <exception cref="WebSocketProtocolException">The peer broke the protocol, a limit was exceeded, or the
    /// connection was lost.</exception>
    public ValueTask<WebSocketMessage> ReceiveAsync(CancellationToken cancellationToken = default) =>
        throw new NotImplementedException();

    /// <summary>Receives the next part of the current message into the caller's memory. Call it until
    /// <see cref="WebSocketReceiveResult.EndOfMessage"/> to stream a message of any size.</summary>
    /// <param name="buffer">Where to copy the bytes (an empty buffer only waits for the next message to start).</param>
    /// <param name="cancellationToken">Cancels the wait; a cancelled receive aborts the connection.</param>
    /// <returns>The kind, the byte count and whether the message is complete.</returns>
    /// <exception cref="WebSocketProtocolException">The peer broke the protocol, a limit was exceeded, or the
    /// connection was lost.</exception>
    public ValueTask<WebSocketReceiveResult> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        throw new NotImplementedException();

    /// <summary>Runs the close handshake: sends a close frame, waits for the peer's (discarding messages that
    /// arrive meanwhile) and for the server to end TCP, all within the close timeout, then releases the stream.</summary>
    /// <param name="closeCode">The close code (1000–1003, 1007–1014, 3000–4999).</param>
    /// <param name="reason">An optional reason, at most 123 UTF-8 bytes.</param>
    /// <param name="cancellationToken">Cancels the handshake; the connection is then aborted.</param>
    /// <returns>A task that completes when the connection is closed.</returns>
    public Task CloseAsync(int closeCode = WebSocketCloseCodes.NormalClosure, string? reason = null, CancellationToken cancellationToken = default) =>
        throw new NotImplementedException();

    /// <summary>Drops the connection at once, without a close handshake. Pending operations fail.</summary>
    public void Abort() => throw new NotImplementedException();

    /// <summary>Closes with 1000 (within the close timeout) if still open, then releases everything.</summary>
    /// <returns>A task that completes when the connection is released.</returns>
    public ValueTask DisposeAsync() => throw new NotImplementedException();

    internal void ReturnMessage(WebSocketMessage message)
    {
        _ = message;
    }
}
