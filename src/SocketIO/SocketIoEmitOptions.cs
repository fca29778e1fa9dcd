namespace Tusk.SocketIO;

/// <summary>Per-call settings of an emit, overriding the client's defaults.</summary>
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
}
