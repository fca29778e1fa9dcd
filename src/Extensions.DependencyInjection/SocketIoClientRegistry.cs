using Microsoft.Extensions.DependencyInjection;
using Tusk.SocketIO;

namespace Tusk.Extensions.DependencyInjection;

/// <summary>
/// The client names registered in one service collection, kept as a singleton instance so registration code can find
/// it again (a second <c>AddSocketIoClient</c> for a name adds to that client instead of registering it twice).
/// </summary>
internal sealed class SocketIoClientRegistry
{
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);
    private readonly List<string> _connectOnStart = [];

    /// <summary>The registry of a service collection, added on first use (found again as HttpClientMappingRegistry is).</summary>
    public static SocketIoClientRegistry GetOrAdd(IServiceCollection services)
    {
        foreach (var descriptor in services)
        {
            if (descriptor.ServiceType == typeof(SocketIoClientRegistry) && descriptor.ImplementationInstance is SocketIoClientRegistry existing)
            {
                return existing;
            }
        }

        var registry = new SocketIoClientRegistry();
        services.AddSingleton(registry);
        return registry;
    }

    /// <summary>
    /// Settings shared by every named client (<c>ConfigureSocketIoClientDefaults</c>), applied before each client's own
    /// configuration whatever the order of registration.
    /// </summary>
    public List<Action<SocketIoClientOptions>> Defaults { get; } = [];

    public bool Contains(string name) => _names.Contains(name);

    /// <summary>Adds a name; false when it was already registered.</summary>
    public bool Add(string name) => _names.Add(name);

    /// <summary>The clients the hosted service connects, in registration order.</summary>
    public IReadOnlyList<string> ConnectOnStart => _connectOnStart;

    public void AddConnectOnStart(string name)
    {
        if (!_connectOnStart.Contains(name, StringComparer.Ordinal))
        {
            _connectOnStart.Add(name);
        }
    }
}
