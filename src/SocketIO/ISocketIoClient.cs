using System.Diagnostics.CodeAnalysis;

namespace Tusk.SocketIO;

/// <summary>
/// The API of a <see cref="SocketIoClient"/>: its own namespace socket (<see cref="ISocketIoSocket"/>), the other
/// namespaces on the same connection, the connection's state and reconnection events, disposal. Depend on it where your
/// code should be testable without a server: a test double (e.g. a Moq mock) can stand in for the client. With
/// dependency injection a named client is also available as <c>[FromKeyedServices("name")] ISocketIoClient</c>, and a
/// typed client may take it in its constructor.
/// </summary>
/// <remarks>Every member of <see cref="SocketIoClient"/> is safe to call from any thread.</remarks>
[SuppressMessage("Naming", "CA1716:Identifiers should not match keywords",
    Justification = "The socket.io API's own names (on, of, namespace), as on SocketIoSocket; Visual Basic callers escape them ([On], [Of]).")]
public interface ISocketIoClient : ISocketIoSocket, IAsyncDisposable, IDisposable
{
    /// <inheritdoc cref="SocketIoClient.ServerUri"/>
    Uri ServerUri { get; }

    /// <inheritdoc cref="SocketIoClient.NegotiatedProtocol"/>
    SocketIoProtocol NegotiatedProtocol { get; }

    /// <inheritdoc cref="SocketIoClient.TransportName"/>
    string? TransportName { get; }

    /// <inheritdoc cref="SocketIoClient.EngineId"/>
    string? EngineId { get; }

    /// <inheritdoc cref="SocketIoClient.Reconnecting"/>
    event EventHandler<SocketIoReconnectingEventArgs>? Reconnecting;

    /// <inheritdoc cref="SocketIoClient.Reconnected"/>
    event EventHandler<SocketIoReconnectedEventArgs>? Reconnected;

    /// <inheritdoc cref="SocketIoClient.ReconnectFailed"/>
    event EventHandler? ReconnectFailed;

    /// <inheritdoc cref="SocketIoClient.Of(string)"/>
    ISocketIoSocket Of(string @namespace);

    /// <inheritdoc cref="SocketIoClient.Of(string, object?)"/>
    ISocketIoSocket Of(string @namespace, object? auth);

    /// <inheritdoc cref="SocketIoClient.Of(string, Func{CancellationToken, ValueTask{object?}}?)"/>
    ISocketIoSocket Of(string @namespace, Func<CancellationToken, ValueTask<object?>>? authProvider);
}
