namespace Tusk.EngineIO;

/// <summary>Data of <see cref="EngineIoClient.Opened"/>.</summary>
/// <remarks>
/// Thread safety: immutable; safe to read from any thread.
/// </remarks>
public sealed class EngineIoOpenedEventArgs : EventArgs
{
    /// <summary>Creates the event data.</summary>
    /// <param name="handshake">The server's handshake.</param>
    /// <param name="version">The negotiated revision.</param>
    /// <param name="transportName">The transport that opened the session.</param>
    public EngineIoOpenedEventArgs(EngineIoHandshake handshake, EngineIoVersion version, string transportName)
    {
        Handshake = handshake;
        Version = version;
        TransportName = transportName;
    }

    /// <summary>The server's handshake.</summary>
    public EngineIoHandshake Handshake { get; }

    /// <summary>The negotiated revision.</summary>
    public EngineIoVersion Version { get; }

    /// <summary>The transport that opened the session.</summary>
    public string TransportName { get; }
}
