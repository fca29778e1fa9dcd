namespace Tusk.EngineIO.Transports;

/// <summary>The built-in transport factory: HTTP long-polling (<c>polling</c>) and WebSocket (<c>websocket</c>).</summary>
public sealed class EngineIOTransportFactory : IEngineIOTransportFactory
{
    private EngineIOTransportFactory()
    {
    }

    /// <summary>The shared instance.</summary>
    public static EngineIOTransportFactory Default { get; } = new();

    /// <inheritdoc />
    public IEngineIOTransport? CreateTransport(string name, EngineIOTransportContext context)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(context);
        return name switch
        {
            EngineIOTransportNames.Polling => new PollingTransport(context),
            EngineIOTransportNames.WebSocket => new WebSocketTransport(context),
            _ => null,
        };
    }
}
