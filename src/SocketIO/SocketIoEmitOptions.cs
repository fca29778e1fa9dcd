namespace Tusk.SocketIO;

/// <summary>Per-call settings of an emit, overriding the client's defaults.</summary>
/// <remarks>
/// Thread safety: not synchronized; read when an emit starts. One instance may be shared by concurrent emits as long
/// as nobody changes it.
/// </remarks>
public sealed record SocketIoEmitOptions
{
    /// <summary>Ack timeout for this emit; <see langword="null"/> uses <see cref="SocketIoClientOptions.AckTimeout"/>.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>Retries for this emit; <see langword="null"/> uses <see cref="SocketIoClientOptions.Retries"/>.</summary>
    public int? Retries { get; init; }

    /// <summary>
    /// A volatile emit is dropped instead of buffered when the connection is not ready to send (JS <c>socket.volatile</c>).
    /// </summary>
    public bool Volatile { get; init; }

    /// <summary>
    /// Whether this emit may be compressed when the WebSocket uses permessage-deflate
    /// (<see cref="SocketIoClientOptions.EnableCompression"/>); <see langword="false"/> sends its frames with the
    /// compression bit clear (JS <c>socket.compress(false)</c>). Default <see langword="true"/>.
    /// </summary>
    public bool Compress { get; init; } = true;
}
