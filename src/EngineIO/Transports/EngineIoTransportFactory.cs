namespace Tusk.EngineIO.Transports;

/// <summary>The built-in transport factory: HTTP long-polling (<c>polling</c>) and WebSocket (<c>websocket</c>).</summary>
/// <remarks>
/// Thread safety: stateless; <see cref="CreateTransport"/> may be called from any thread, concurrently.
/// </remarks>
public sealed class EngineIoTransportFactory : IEngineIoTransportFactory
{
    private EngineIoTransportFactory()
    {
    }

    /// <summary>The shared instance.</summary>
    public static EngineIoTransportFactory Default { get; } = new();

    /// <inheritdoc />
    public IEngineIoTransport? CreateTransport(string name, EngineIoTransportContext context)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(context);
        return name switch
        {
            EngineIoTransportNames.Polling => new PollingTransport(context),
            EngineIoTransportNames.WebSocket => new WebSocketTransport(context),
            _ => null,
        };
    }
}
