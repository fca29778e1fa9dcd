namespace Tusk.Transport.WebSocket;

/// <summary>The outcome of one <see cref="WebSocketConnection.ReceiveAsync(Memory{byte}, CancellationToken)"/> call.</summary>
/// <remarks>
/// Thread safety: immutable; safe to read from any thread.
/// </remarks>
/// <param name="Kind">The kind of the message the bytes belong to; <see cref="WebSocketMessageKind.Close"/> once the peer closed.</param>
/// <param name="Count">How many bytes were written into the caller's buffer.</param>
/// <param name="EndOfMessage">Whether these bytes complete the message.</param>
public readonly record struct WebSocketReceiveResult(WebSocketMessageKind Kind, int Count, bool EndOfMessage);
