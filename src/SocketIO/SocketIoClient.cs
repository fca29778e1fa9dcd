using Tusk.SocketIO.Internal;
using Tusk.SocketIO.Sessions;

namespace Tusk.SocketIO;

/// <summary>
/// A Socket.IO client for one server: the namespace of <see cref="SocketIoClientOptions.Namespace"/> (this object;
/// <c>/</c> by default) plus any other namespace through <see cref="Of(string)"/>, multiplexed over one Engine.IO
/// connection, with automatic reconnection.
/// </summary>
/// <remarks>
/// Thread safety: as for <see cref="SocketIoSocket"/>: every member may be called from any thread, concurrently.
/// <see cref="Of(string)"/> returns the same socket for a namespace to every caller; <see cref="DisposeAsync"/> and
/// <see cref="Dispose"/> may be called more than once.
/// </remarks>
/// <example>
/// <code>
/// await using var client = new SocketIoClient(new Uri("http://localhost:3000"));
/// client.On("news", e => Console.WriteLine(e.GetValue&lt;string&gt;()));
/// await client.ConnectAsync();
/// var reply = await client.EmitWithAckAsync&lt;string&gt;("hello", "world");
/// </code>
/// </example>
public sealed class SocketIoClient : SocketIoSocket, ISocketIoClient
{
    /// <summary>Creates a client for <see cref="SocketIoClientOptions.ServerUri"/>.</summary>
    /// <param name="options">The options; <see cref="SocketIoClientOptions.ServerUri"/> is required.</param>
    public SocketIoClient(SocketIoClientOptions options)
        : this(RequireServerUri(options), options)
    {
    }

    /// <summary>Creates a client for a server URL.</summary>
    /// <param name="serverUri">The server, e.g. <c>http://localhost:3000</c>; a path is a prefix before <see cref="SocketIoClientOptions.Path"/>.</param>
    /// <param name="options">The options, or <see langword="null"/> for defaults.</param>
    public SocketIoClient(Uri serverUri, SocketIoClientOptions? options = null)
        : this(serverUri, options, sessionFactory: null)
    {
    }

    internal SocketIoClient(Uri serverUri, SocketIoClientOptions? options, ISocketIoSessionFactory? sessionFactory)
        : base(NormalizeNamespace(options?.Namespace ?? "/", nameof(options)), CreateManager(serverUri, options, sessionFactory))
    {
        ServerUri = serverUri;
        Options = Manager.Options;
        Manager.OnReconnecting = RaiseReconnecting;
        Manager.OnReconnected = RaiseReconnected;
        Manager.OnReconnectFailed = RaiseReconnectFailed;
    }

    /// <summary>The server URL.</summary>
    public Uri ServerUri { get; }

    /// <summary>The options this client was created with (do not change them while connected).</summary>
    public SocketIoClientOptions Options { get; }

    /// <summary>The negotiated protocol revision; <see cref="SocketIoProtocol.Auto"/> before the first connection.</summary>
    public SocketIoProtocol NegotiatedProtocol => Manager.Protocol;

    /// <summary>The transport in use (<c>polling</c>, <c>websocket</c>), or <see langword="null"/> while disconnected.</summary>
    public string? TransportName => Manager.CurrentSession?.TransportName;

    /// <summary>The Engine.IO session id, or <see langword="null"/> while disconnected.</summary>
    public string? EngineId => Manager.CurrentSession?.SessionId;

    /// <summary>Raised before each reconnection attempt.</summary>
    public event EventHandler<SocketIoReconnectingEventArgs>? Reconnecting;

    /// <summary>Raised when a reconnection succeeded.</summary>
    public event EventHandler<SocketIoReconnectedEventArgs>? Reconnected;

    /// <summary>Raised when reconnecting stopped: <see cref="SocketIoClientOptions.ReconnectionAttempts"/> were used up, or
    /// the <see cref="SocketIoClientOptions.ReconnectionPolicy"/> returned <see langword="null"/> after a failed attempt.</summary>
    public event EventHandler? ReconnectFailed;

    /// <summary>The socket of a namespace (created on first use, then the same instance); call its <c>ConnectAsync</c>.</summary>
    /// <param name="namespace">The namespace, e.g. <c>/admin</c> (a leading <c>/</c> is added if missing).</param>
    /// <returns>The namespace socket; <c>Of(client.Namespace)</c> (<c>Of("/")</c> by default) returns this client.</returns>
    public SocketIoSocket Of(string @namespace)
    {
        ArgumentException.ThrowIfNullOrEmpty(@namespace);
        return Manager.GetOrAdd(NormalizeNamespace(@namespace, nameof(@namespace)), nsp => new SocketIoSocket(nsp, Manager));
    }

    /// <inheritdoc/>
    ISocketIoSocket ISocketIoClient.Of(string @namespace) => Of(@namespace);

    /// <inheritdoc/>
    ISocketIoSocket ISocketIoClient.Of(string @namespace, object? auth) => Of(@namespace, auth);

    /// <inheritdoc/>
    ISocketIoSocket ISocketIoClient.Of(string @namespace, Func<CancellationToken, ValueTask<object?>>? authProvider) => Of(@namespace, authProvider);

    private static string NormalizeNamespace(string @namespace, string parameterName)
    {
        if (string.IsNullOrWhiteSpace(@namespace))
        {
            throw new ArgumentException("The namespace must not be empty; the default namespace is \"/\".", parameterName);
        }

        for (var i = 0; i < @namespace.Length; i++)
        {
            var c = @namespace[i];
            if (char.IsControl(c) || c is ',' or '?')
            {
                // On the wire the namespace ends at the first ',' (socket.io-parser) and a '?' starts the CONNECT's query
                // (protocol v4); a control character such as the record separator \x1e would split an Engine.IO polling
                // payload and let the rest of the name be read as packets of its own.
                throw new ArgumentException(
                    $"The namespace contains {(char.IsControl(c) ? $"the control character U+{(int)c:X4}" : $"'{c}'")} at index {i}; " +
                    "control characters, ',' and '?' cannot be sent in a namespace name (the server would read the packet " +
                    "differently). Use the name the server gives io.of(), e.g. \"/admin\".",
                    parameterName);
            }

            if (char.IsSurrogate(c))
            {
                if (char.IsHighSurrogate(c) && i + 1 < @namespace.Length && char.IsLowSurrogate(@namespace[i + 1]))
                {
                    i++;
                    continue;
                }

                // UTF-8 has no encoding for half a surrogate pair: it would go out as U+FFFD, another namespace.
                throw new ArgumentException(
                    $"The namespace contains an unpaired surrogate (U+{(int)c:X4}) at index {i}, which UTF-8 cannot encode.", parameterName);
            }
        }

        return @namespace.StartsWith('/') ? @namespace : "/" + @namespace;
    }

    /// <summary>
    /// The socket of a namespace with its own auth payload (JS <c>io(url + "/admin", { auth })</c>): its CONNECTs carry
    /// <paramref name="auth"/> instead of <see cref="SocketIoClientOptions.Auth"/>/<see cref="SocketIoClientOptions.AuthProvider"/>;
    /// the other namespaces keep the client-wide auth. Calling it again for the same namespace replaces the auth for the
    /// next CONNECT (a reconnection included), like setting <c>socket.auth</c> in JS.
    /// </summary>
    /// <remarks>
    /// Only socket.io 3.x/4.x servers (Socket.IO v5) receive an auth payload. On older protocols this namespace's
    /// <c>ConnectAsync</c> throws <see cref="NotSupportedException"/> rather than connect without the credentials;
    /// send them in <see cref="SocketIoClientOptions.Query"/> or <see cref="SocketIoClientOptions.ExtraHeaders"/> there.
    /// </remarks>
    /// <param name="namespace">The namespace, e.g. <c>/admin</c> (a leading <c>/</c> is added if missing).</param>
    /// <param name="auth">The payload, serialized with <see cref="SocketIoClientOptions.JsonSerializerOptions"/>; <see langword="null"/> sends none for this namespace.</param>
    /// <returns>The namespace socket (the same instance as <see cref="Of(string)"/>).</returns>
    public SocketIoSocket Of(string @namespace, object? auth)
    {
        var socket = Of(@namespace);
        socket.SetNamespaceAuth(auth, provider: null);
        return socket;
    }

    /// <summary>
    /// The socket of a namespace whose auth payload comes from <paramref name="authProvider"/>, evaluated before each of its
    /// CONNECTs, reconnections included (token refresh; JS <c>auth: (cb) =&gt; …</c>). Otherwise as <see cref="Of(string, object?)"/>.
    /// </summary>
    /// <param name="namespace">The namespace, e.g. <c>/admin</c> (a leading <c>/</c> is added if missing).</param>
    /// <param name="authProvider">Produces the payload; <see langword="null"/> sends none for this namespace.</param>
    /// <returns>The namespace socket (the same instance as <see cref="Of(string)"/>).</returns>
    public SocketIoSocket Of(string @namespace, Func<CancellationToken, ValueTask<object?>>? authProvider)
    {
        var socket = Of(@namespace);
        socket.SetNamespaceAuth(auth: null, authProvider);
        return socket;
    }

    /// <summary>Disconnects every namespace and closes the connection; no reconnection.</summary>
    /// <param name="cancellationToken">Cancels the graceful close (the connection is then aborted).</param>
    /// <returns>A task that completes once closed.</returns>
    public override async Task DisconnectAsync(CancellationToken cancellationToken = default)
    {
        foreach (var socket in Manager.Sockets)
        {
            await socket.LeaveAsync(cancellationToken).ConfigureAwait(false);
        }

        await Manager.CloseAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Disconnects (bounded by <see cref="SocketIoClientOptions.ConnectTimeout"/>) and releases everything.</summary>
    /// <returns>A task that completes once disposed.</returns>
    public async ValueTask DisposeAsync()
    {
        using (var timeout = new CancellationTokenSource(Options.ConnectTimeout, Options.TimeProvider))
        {
            try
            {
                await DisconnectAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is OperationCanceledException or SocketIoException or ObjectDisposedException)
            {
                // Best effort: disposal goes on and aborts whatever is left.
            }
        }

        await Manager.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// Disposes synchronously, for owners that cannot await (a <c>using var provider = ...</c> service container):
    /// blocks while <see cref="DisposeAsync"/> runs, which is bounded by <see cref="SocketIoClientOptions.ConnectTimeout"/>.
    /// Prefer <c>await using</c>.
    /// </summary>
    public void Dispose() =>
        // On the thread pool, so a caller's synchronization context cannot be what the disposal waits for.
        Task.Run(() => DisposeAsync().AsTask()).GetAwaiter().GetResult();

    private static Uri RequireServerUri(SocketIoClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.ServerUri ?? throw new ArgumentException("SocketIoClientOptions.ServerUri is required.", nameof(options));
    }

    private static SocketIoManager CreateManager(Uri serverUri, SocketIoClientOptions? options, ISocketIoSessionFactory? sessionFactory)
    {
        ArgumentNullException.ThrowIfNull(serverUri);
        ServerUriRules.Validate(serverUri, nameof(serverUri));
        return new SocketIoManager(serverUri, options ?? new SocketIoClientOptions(), sessionFactory);
    }

    private void RaiseReconnecting(SocketIoReconnectingEventArgs args) => Reconnecting?.Invoke(this, args);

    private void RaiseReconnected(SocketIoReconnectedEventArgs args) => Reconnected?.Invoke(this, args);

    private void RaiseReconnectFailed() => ReconnectFailed?.Invoke(this, EventArgs.Empty);
}
