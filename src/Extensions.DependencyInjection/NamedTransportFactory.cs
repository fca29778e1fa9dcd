using Tusk.EngineIO.Transports;

namespace Tusk.Extensions.DependencyInjection;

/// <summary>A transport factory for one transport name, made from a delegate.</summary>
internal sealed class NamedTransportFactory(string transportName, Func<EngineIOTransportContext, IEngineIOTransport> create) : IEngineIOTransportFactory
{
    public IEngineIOTransport? CreateTransport(string name, EngineIOTransportContext context) =>
        string.Equals(name, transportName, StringComparison.Ordinal) ? create(context) : null;
}
