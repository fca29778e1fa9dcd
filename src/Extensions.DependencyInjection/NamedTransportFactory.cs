using Tusk.EngineIO.Transports;

namespace Tusk.Extensions.DependencyInjection;

/// <summary>A transport factory for one transport name, made from a delegate.</summary>
internal sealed class NamedTransportFactory(string transportName, Func<EngineIoTransportContext, IEngineIoTransport> create) : IEngineIoTransportFactory
{
    public IEngineIoTransport? CreateTransport(string name, EngineIoTransportContext context) =>
        string.Equals(name, transportName, StringComparison.Ordinal) ? create(context) : null;
}
