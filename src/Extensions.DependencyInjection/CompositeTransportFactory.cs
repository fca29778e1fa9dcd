using Tusk.EngineIO.Transports;

namespace Tusk.Extensions.DependencyInjection;

/// <summary>
/// Asks each registered transport factory in turn and falls back to the built-in transports, so registering a
/// custom transport never takes <c>polling</c> or <c>websocket</c> away (a factory returns null for names it does not know).
/// </summary>
internal sealed class CompositeTransportFactory : IEngineIoTransportFactory
{
    private readonly IEngineIoTransportFactory[] _factories;

    public CompositeTransportFactory(IEnumerable<IEngineIoTransportFactory> factories)
    {
        _factories = [.. factories, EngineIoTransportFactory.Default];
    }

    public IEngineIoTransport? CreateTransport(string name, EngineIoTransportContext context)
    {
        foreach (var factory in _factories)
        {
            if (factory.CreateTransport(name, context) is { } transport)
            {
                return transport;
            }
        }

        return null;
    }
}
