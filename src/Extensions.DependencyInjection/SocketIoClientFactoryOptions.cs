using Tusk.EngineIO.Transports;
using Tusk.SocketIO;

namespace Tusk.Extensions.DependencyInjection;

/// <summary>
/// What the builder records for one named client beyond <see cref="SocketIoClientOptions"/> (named options, one
/// instance per client name): delegates run when the factory creates the client.
/// </summary>
internal sealed class SocketIoClientFactoryOptions
{
    /// <summary>Custom transport factories, asked in order before the built-in transports.</summary>
    public List<Func<IServiceProvider, IEngineIoTransportFactory>> TransportFactories { get; } = [];

    /// <summary>Transport names added with <c>AddTransport</c>, known to the options validator beside the built-in ones.</summary>
    public HashSet<string> TransportNames { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Whether a factory added with <c>AddTransportFactory</c> may serve names nobody declared: the validator then
    /// cannot tell an unknown name from a custom one and leaves the names alone.
    /// </summary>
    public bool HasOpenTransportFactory { get; set; }

    /// <summary>Run on the new client before anyone else sees it (event handlers, namespaces).</summary>
    public List<Action<IServiceProvider, SocketIoClient>> ClientActions { get; } = [];
}
