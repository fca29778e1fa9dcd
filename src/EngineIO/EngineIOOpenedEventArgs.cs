namespace Tusk.EngineIO;

/// <summary>Data of <see cref="EngineIOClient.Opened"/>.</summary>
public sealed class EngineIOOpenedEventArgs : EventArgs
{
    /// <summary>Creates the event data.</summary>
    /// <param name="handshake">The server's handshake.</param>
    /// <param name="version">The negotiated revision.</param>
    /// <param name="transportName">The transport that opened the session.</param>
    public EngineIOOpenedEventArgs(EngineIOHandshake handshake, EngineIOVersion version, string transportName)
    {
        Handshake = handshake;
        Version = version;
        TransportName = transportName;
    }

    /// <summary>The server's handshake.</summary>
    public EngineIOHandshake Handshake { get; }

    /// <summary>The negotiated revision.</summary>
    public EngineIOVersion Version { get; }

    /// <summary>The transport that opened the session.</summary>
    public string TransportName { get; }
}
