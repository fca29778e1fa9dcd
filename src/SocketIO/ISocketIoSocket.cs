using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization.Metadata;
using Tusk.SocketIO.Serialization;

namespace Tusk.SocketIO;

/// <summary>
/// The API of one namespace socket, implemented by <see cref="SocketIoSocket"/> (and, for the client's own namespace,
/// <see cref="SocketIoClient"/>). Depend on it, or on <see cref="ISocketIoClient"/>, where your code should be testable
/// without a server: a test double (e.g. a Moq mock) can stand in for the socket.
/// </summary>
/// <remarks>
/// Every member of the implementations is safe to call from any thread; see <see cref="SocketIoSocket"/>. To deliver
/// an event to a handler your code registered on a fake, create it with the public <see cref="SocketIoEvent"/>
/// constructor.
/// </remarks>
[SuppressMessage("Naming", "CA1716:Identifiers should not match keywords",
    Justification = "The socket.io API's own names (on, of, namespace), as on SocketIoSocket; Visual Basic callers escape them ([On], [Of]).")]
public interface ISocketIoSocket
{
    /// <inheritdoc cref="SocketIoSocket.Namespace"/>
    string Namespace { get; }

    /// <inheritdoc cref="SocketIoSocket.Id"/>
    string? Id { get; }

    /// <inheritdoc cref="SocketIoSocket.IsConnected"/>
    bool IsConnected { get; }

    /// <inheritdoc cref="SocketIoSocket.IsActive"/>
    bool IsActive { get; }

    /// <inheritdoc cref="SocketIoSocket.Recovered"/>
    bool Recovered { get; }

    /// <inheritdoc cref="SocketIoSocket.Connected"/>
    event EventHandler<SocketIoConnectedEventArgs>? Connected;

    /// <inheritdoc cref="SocketIoSocket.Disconnected"/>
    event EventHandler<SocketIoDisconnectedEventArgs>? Disconnected;

    /// <inheritdoc cref="SocketIoSocket.ConnectError"/>
    event EventHandler<SocketIoConnectErrorEventArgs>? ConnectError;

    /// <inheritdoc cref="SocketIoSocket.ConnectAsync(CancellationToken)"/>
    Task ConnectAsync(CancellationToken cancellationToken = default);

    /// <inheritdoc cref="SocketIoSocket.DisconnectAsync(CancellationToken)"/>
    Task DisconnectAsync(CancellationToken cancellationToken = default);

    /// <inheritdoc cref="SocketIoSocket.EmitAsync(string, object?[])"/>
    Task EmitAsync(string eventName, params object?[] arguments);

    /// <inheritdoc cref="SocketIoSocket.EmitAsync(string, object?[], CancellationToken)"/>
    Task EmitAsync(string eventName, object?[] arguments, CancellationToken cancellationToken);

    /// <inheritdoc cref="SocketIoSocket.EmitAsync(string, object?[], SocketIoEmitOptions?, CancellationToken)"/>
    Task EmitAsync(string eventName, object?[] arguments, SocketIoEmitOptions? options, CancellationToken cancellationToken = default);

    /// <inheritdoc cref="SocketIoSocket.EmitWithAckAsync(string, object?[])"/>
    Task<SocketIoAck> EmitWithAckAsync(string eventName, params object?[] arguments);

    /// <inheritdoc cref="SocketIoSocket.EmitWithAckAsync(string, object?[], CancellationToken)"/>
    Task<SocketIoAck> EmitWithAckAsync(string eventName, object?[] arguments, CancellationToken cancellationToken);

    /// <inheritdoc cref="SocketIoSocket.EmitWithAckAsync(string, object?[], SocketIoEmitOptions?, CancellationToken)"/>
    Task<SocketIoAck> EmitWithAckAsync(string eventName, object?[] arguments, SocketIoEmitOptions? options, CancellationToken cancellationToken = default);

    /// <inheritdoc cref="SocketIoSocket.EmitWithAckAsync{T}(string, object?[])"/>
    [RequiresUnreferencedCode(SocketIoJson.ReflectionMessage)]
    [RequiresDynamicCode(SocketIoJson.ReflectionMessage)]
    Task<T> EmitWithAckAsync<T>(string eventName, params object?[] arguments);

    /// <inheritdoc cref="SocketIoSocket.EmitWithAckAsync{T}(string, object?[], CancellationToken)"/>
    [RequiresUnreferencedCode(SocketIoJson.ReflectionMessage)]
    [RequiresDynamicCode(SocketIoJson.ReflectionMessage)]
    Task<T> EmitWithAckAsync<T>(string eventName, object?[] arguments, CancellationToken cancellationToken);

    /// <inheritdoc cref="SocketIoSocket.EmitWithAckAsync{T}(string, object?[], SocketIoEmitOptions?, CancellationToken)"/>
    [RequiresUnreferencedCode(SocketIoJson.ReflectionMessage)]
    [RequiresDynamicCode(SocketIoJson.ReflectionMessage)]
    Task<T> EmitWithAckAsync<T>(string eventName, object?[] arguments, SocketIoEmitOptions? options, CancellationToken cancellationToken = default);

    /// <inheritdoc cref="SocketIoSocket.EmitWithAckAsync{T}(string, object?[], JsonTypeInfo{T}, SocketIoEmitOptions?, CancellationToken)"/>
    Task<T> EmitWithAckAsync<T>(string eventName, object?[] arguments, JsonTypeInfo<T> typeInfo, SocketIoEmitOptions? options = null, CancellationToken cancellationToken = default);

    /// <inheritdoc cref="SocketIoSocket.On(string, Func{SocketIoEvent, Task})"/>
    IDisposable On(string eventName, Func<SocketIoEvent, Task> handler);

    /// <inheritdoc cref="SocketIoSocket.On(string, Action{SocketIoEvent})"/>
    IDisposable On(string eventName, Action<SocketIoEvent> handler);

    /// <inheritdoc cref="SocketIoSocket.Once(string, Func{SocketIoEvent, Task})"/>
    IDisposable Once(string eventName, Func<SocketIoEvent, Task> handler);

    /// <inheritdoc cref="SocketIoSocket.Once(string, Action{SocketIoEvent})"/>
    IDisposable Once(string eventName, Action<SocketIoEvent> handler);

    /// <inheritdoc cref="SocketIoSocket.Off(string)"/>
    void Off(string eventName);

    /// <inheritdoc cref="SocketIoSocket.OnAny(Func{SocketIoEvent, Task})"/>
    IDisposable OnAny(Func<SocketIoEvent, Task> handler);

    /// <inheritdoc cref="SocketIoSocket.OnAny(Action{SocketIoEvent})"/>
    IDisposable OnAny(Action<SocketIoEvent> handler);

    /// <inheritdoc cref="SocketIoSocket.OffAny"/>
    void OffAny();

    /// <inheritdoc cref="SocketIoSocket.OnAnyOutgoing(Action{SocketIoOutgoingEvent})"/>
    IDisposable OnAnyOutgoing(Action<SocketIoOutgoingEvent> handler);

    /// <inheritdoc cref="SocketIoSocket.OffAnyOutgoing"/>
    void OffAnyOutgoing();

    /// <inheritdoc cref="SocketIoSocket.WaitAsync(string?, TimeSpan, CancellationToken)"/>
    Task<SocketIoEvent?> WaitAsync(string? eventName, TimeSpan timeout, CancellationToken cancellationToken = default);

    /// <inheritdoc cref="SocketIoSocket.DrainAsync(TimeSpan, CancellationToken)"/>
    Task<IReadOnlyList<SocketIoEvent>> DrainAsync(TimeSpan timeout, CancellationToken cancellationToken = default);

    /// <inheritdoc cref="SocketIoSocket.ReadEventsAsync(CancellationToken)"/>
    IAsyncEnumerable<SocketIoEvent> ReadEventsAsync(CancellationToken cancellationToken = default);
}
