namespace Tusk.SocketIO;

public partial class SocketIoSocket
{
    // Set by SocketIoClient.Of(namespace, auth): replaces the client-wide Auth/AuthProvider for this namespace's CONNECTs.
    private NamespaceAuth? _namespaceAuth;

    /// <summary>Gives this namespace its own auth (a payload, or a provider evaluated for every CONNECT).</summary>
    internal void SetNamespaceAuth(object? auth, Func<CancellationToken, ValueTask<object?>>? provider) =>
        Volatile.Write(ref _namespaceAuth, new NamespaceAuth(auth, provider));

    /// <summary>The auth payload of the next CONNECT: this namespace's own, else the client-wide one.</summary>
    // Not async: without a provider (the usual case) no state machine is built, which a new process would compile on
    // its first connect (issue 21); a provider's ValueTask is handed back as it is and awaited by the caller.
    private ValueTask<object?> ResolveAuthAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _namespaceAuth) is { } own)
        {
            return own.Provider is { } ownProvider ? ownProvider(cancellationToken) : new ValueTask<object?>(own.Auth);
        }

        var options = Manager.Options;
        return options.AuthProvider is { } provider ? provider(cancellationToken) : new ValueTask<object?>(options.Auth);
    }

    /// <summary>
    /// Per-namespace auth needs a CONNECT that carries it (Socket.IO v5). On older protocols it would be dropped, and the
    /// namespace's middleware would see an anonymous client: refuse instead, as 0.9 refuses the client-wide auth.
    /// </summary>
    /// <exception cref="NotSupportedException">This namespace has its own auth and <paramref name="protocol"/> has no auth payload.</exception>
    private void EnsureNamespaceAuthSupported(SocketIoProtocol protocol)
    {
        if (protocol == SocketIoProtocol.V5 || Volatile.Read(ref _namespaceAuth) is not { HasPayload: true })
        {
            return;
        }

        var server = protocol == SocketIoProtocol.V0_9 ? "socket.io 0.9" : "socket.io 1.x/2.x (Socket.IO protocol v4)";
        throw new NotSupportedException(
            $"Namespace '{Namespace}' has its own auth (SocketIoClient.Of(namespace, auth)), but the server speaks {server}, whose " +
            "namespace CONNECT carries no auth payload (socket.io 3.x/4.x only). Send the credentials in SocketIoClientOptions.Query " +
            "(the namespace middleware sees them in socket.handshake.query) or ExtraHeaders instead.");
    }

    private sealed record NamespaceAuth(object? Auth, Func<CancellationToken, ValueTask<object?>>? Provider)
    {
        public bool HasPayload => Auth is not null || Provider is not null;
    }
}
