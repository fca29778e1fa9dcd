using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Tusk.EngineIO.Transports;
using Tusk.SocketIO;

namespace Tusk.Extensions.DependencyInjection;

/// <summary>
/// Creates each named client once, from its named <see cref="SocketIoClientOptions"/>, and disposes them all with the
/// service provider. Creation is cheap (no I/O), so it runs under a lock: exactly one client per name, never a
/// second one built and thrown away.
/// </summary>
internal sealed partial class DefaultSocketIoClientFactory : ISocketIoClientFactory, IAsyncDisposable, IDisposable
{
    private readonly IServiceProvider _services;
    private readonly IOptionsMonitor<SocketIoClientOptions> _options;
    private readonly IOptionsMonitor<SocketIoClientFactoryOptions> _factoryOptions;
    private readonly IHttpClientFactory _httpClientFactory;
    private readonly ILoggerFactory _loggerFactory;
    private readonly SocketIoClientRegistry _registry;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, SocketIoClient> _clients = new(StringComparer.Ordinal);

    // Clients whose ConfigureClient delegate threw: not handed out, but still disposed with the others.
    private readonly List<SocketIoClient> _failedClients = [];
    private readonly List<HttpClient> _httpClients = [];
    private bool _disposed;

    public DefaultSocketIoClientFactory(
        IServiceProvider services,
        IOptionsMonitor<SocketIoClientOptions> options,
        IOptionsMonitor<SocketIoClientFactoryOptions> factoryOptions,
        IHttpClientFactory httpClientFactory,
        ILoggerFactory loggerFactory,
        SocketIoClientRegistry registry)
    {
        _services = services;
        _options = options;
        _factoryOptions = factoryOptions;
        _httpClientFactory = httpClientFactory;
        _loggerFactory = loggerFactory;
        _registry = registry;
        _logger = loggerFactory.CreateLogger<DefaultSocketIoClientFactory>();
    }

    public SocketIoClient GetClient(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_clients.TryGetValue(name, out var existing))
            {
                return existing;
            }

            if (!_registry.Contains(name))
            {
                throw new InvalidOperationException(
                    $"No Socket.IO client named '{name}' is registered. Register it with services.AddSocketIoClient(\"{name}\", ...).");
            }

            var client = CreateClient(name);
            _clients.Add(name, client);
            return client;
        }
    }

    /// <summary>
    /// For a container disposed synchronously (<c>using var provider = ...</c>): without it the container throws for
    /// this async-only singleton, marks itself disposed, and the clients' connections stay open.
    /// </summary>
    public void Dispose() =>
        // On the thread pool: each client bounds its close, and no caller's synchronization context is waited on.
        Task.Run(() => DisposeAsync().AsTask()).GetAwaiter().GetResult();

    public async ValueTask DisposeAsync()
    {
        KeyValuePair<string, SocketIoClient>[] clients;
        SocketIoClient[] failedClients;
        HttpClient[] httpClients;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            clients = [.. _clients];
            failedClients = [.. _failedClients];
            httpClients = [.. _httpClients];
            _clients.Clear();
            _failedClients.Clear();
            _httpClients.Clear();
        }

        var disposals = new List<Task>(clients.Length + failedClients.Length);
        foreach (var (name, client) in clients)
        {
            disposals.Add(DisposeClientAsync(name, client));
        }

        foreach (var client in failedClients)
        {
            disposals.Add(DisposeClientAsync(string.Empty, client));
        }

        // Each client bounds its own close, so this wait is bounded too.
        await Task.WhenAll(disposals).ConfigureAwait(false);
        foreach (var httpClient in httpClients)
        {
            httpClient.Dispose();
        }
    }

    private SocketIoClient CreateClient(string name)
    {
        var options = _options.Get(name);
        var factoryOptions = _factoryOptions.Get(name);
        CompleteOptions(name, options, factoryOptions);
        var client = new SocketIoClient(options);
        try
        {
            foreach (var configure in factoryOptions.ClientActions)
            {
                configure(_services, client);
            }
        }
        catch
        {
            _failedClients.Add(client);
            throw;
        }

        Log.ClientCreated(_logger, name, client.ServerUri);
        return client;
    }

    /// <summary>
    /// Fills in what the container provides. The options instance is cached by IOptionsMonitor for this name and this
    /// factory is its only user, so it is completed in place; each step is safe to repeat after a failed attempt.
    /// </summary>
    private void CompleteOptions(string name, SocketIoClientOptions options, SocketIoClientFactoryOptions factoryOptions)
    {
        options.LoggerFactory ??= _loggerFactory;

        // The container's meter factory (AddMetrics, which the generic host registers), so the application's meter
        // configuration and disposal cover the client's meters too.
        options.Connection.MeterFactory ??= _services.GetService(typeof(IMeterFactory)) as IMeterFactory;

        // The container's clock (a FakeTimeProvider in the application's tests, say) unless the options chose one.
        if (ReferenceEquals(options.TimeProvider, TimeProvider.System) && _services.GetService(typeof(TimeProvider)) is TimeProvider clock)
        {
            options.TimeProvider = clock;
        }

        if (options.HttpClient is null && options.HttpMessageHandler is null)
        {
            options.HttpClient = _httpClientFactory.CreateClient(SocketIoHttpClientNames.For(name));
            _httpClients.Add(options.HttpClient);
        }

        if (factoryOptions.TransportFactories.Count > 0 && options.TransportFactory is not CompositeTransportFactory)
        {
            var factories = new List<IEngineIoTransportFactory>();
            if (options.TransportFactory is { } configured)
            {
                factories.Add(configured);
            }

            factories.AddRange(factoryOptions.TransportFactories.Select(create => create(_services)));
            options.TransportFactory = new CompositeTransportFactory(factories);
        }
    }

    private async Task DisposeClientAsync(string name, SocketIoClient client)
    {
        try
        {
            await client.DisposeAsync().ConfigureAwait(false);
            Log.ClientDisposed(_logger, name);
        }
        catch (Exception exception)
        {
            // Disposal of the container must go on for the other clients; the failure is reported, not thrown.
            Log.ClientDisposeFailed(_logger, name, exception);
        }
    }
}
