using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Text.Json.Serialization.Metadata;
using Tusk.SocketIO.Internal;
using Tusk.SocketIO.Serialization;

namespace Tusk.SocketIO;

/// <summary>
/// One namespace of a <see cref="SocketIoClient"/> (<c>/</c>, <c>/admin</c>, …). All namespaces of a client share one
/// Engine.IO connection.
/// </summary>
/// <remarks>
/// Thread safety: every member is safe to call from any thread, concurrently: emits are queued in call order, handlers
/// may be added and removed while events arrive. Handlers run off the receive loop, one at a time and in arrival order,
/// never on the thread that emitted or connected; events of this class are raised the same way.
/// </remarks>
[SuppressMessage("Design", "CA1001:Types that own disposable fields should be disposable",
    Justification = "Its one disposable field is a SemaphoreSlim used without its wait handle (nothing to free); a socket lives as long as its client, which is the disposable.")]
public partial class SocketIoSocket : ISocketIoSocket
{
    private readonly Lock _sync = new();
    private readonly AckTable _acks;
    private readonly HandlerRegistry<SocketIoEvent> _handlers = new();
    private readonly HandlerRegistry<SocketIoOutgoingEvent> _outgoing = new();
    private readonly EventInbox _inbox;
    private readonly List<EventStream> _streams = [];

    // The namespace as a metric tag, made once: recording a measurement then allocates nothing.
    private readonly KeyValuePair<string, object?> _namespaceTag;

    internal SocketIoSocket(string @namespace, SocketIoManager manager)
    {
        Namespace = @namespace;
        _namespaceHeaderBytes = @namespace == "/" ? 0 : System.Text.Encoding.UTF8.GetByteCount(@namespace) + 1;
        Manager = manager;
        _namespaceTag = new KeyValuePair<string, object?>(Diagnostics.SocketIoTags.Namespace, @namespace);
        _acks = new AckTable(manager.Metrics, @namespace, manager.Options.InlineAckContinuations, manager.AckCompletions, manager.Options.TimeProvider, DropBuffered);
        _inbox = new EventInbox(manager.Options.ReceiveBufferCapacity, manager.Options.ReceiveBufferMaxBytes, manager.Options.TimeProvider);
        manager.Register(this);
    }

    internal SocketIoManager Manager { get; }

    /// <summary>The namespace, e.g. <c>/</c> or <c>/admin</c>.</summary>
    public string Namespace { get; }

    // The UTF-8 bytes the namespace takes in a packet header ("/admin,"), 0 for "/".
    private readonly int _namespaceHeaderBytes;

    /// <summary>The socket id the server assigned (not the Engine.IO id on v5 servers); <see langword="null"/> while disconnected.</summary>
    public string? Id => _id;

    /// <summary>Whether the namespace is connected.</summary>
    public bool IsConnected => _state == SocketState.Connected;

    /// <summary>Whether the socket is connected or will (re)connect by itself.</summary>
    public bool IsActive => _active;

    /// <summary>Whether the last connection restored the previous session (socket.io 4.6+ connection state recovery).</summary>
    public bool Recovered => _recovered;

    /// <summary>
    /// Raised on every connect and reconnect of this namespace, after buffered emits were sent and before the
    /// <see cref="ConnectAsync"/> that asked for it completes.
    /// </summary>
    public event EventHandler<SocketIoConnectedEventArgs>? Connected;

    /// <summary>Raised when this namespace disconnects, with the JS client's reason.</summary>
    public event EventHandler<SocketIoDisconnectedEventArgs>? Disconnected;

    /// <summary>Raised when a connection attempt fails (including server rejections, which are not retried).</summary>
    public event EventHandler<SocketIoConnectErrorEventArgs>? ConnectError;

    /// <summary>
    /// Connects this namespace, opening the shared connection first if needed. Completes when the server accepted the
    /// namespace, <see cref="IsConnected"/> is true and the <see cref="Connected"/> handlers have run. Does not retry: a
    /// failure throws (reconnection applies only after a successful connect).
    /// </summary>
    /// <param name="cancellationToken">Cancels the attempt.</param>
    /// <returns>A task that completes once connected.</returns>
    /// <exception cref="SocketIoConnectException">The server refused, or the connection could not be opened.</exception>
    public virtual Task ConnectAsync(CancellationToken cancellationToken = default) => ConnectCoreAsync(cancellationToken);

    /// <summary>
    /// Leaves this namespace (sends DISCONNECT); no reconnection. The connection closes when no namespace is left. The
    /// events emitted before reach the server's handlers: the DISCONNECT waits (at most 5 s) until the server has read
    /// them, because socket.io 2.x to 4.x drop events read together with it.
    /// </summary>
    /// <param name="cancellationToken">Cancels waiting for that and for the send; the namespace is left either way.</param>
    /// <returns>A task that completes once disconnected.</returns>
    public virtual Task DisconnectAsync(CancellationToken cancellationToken = default) => DisconnectCoreAsync(closeIfLast: true, cancellationToken);

    /// <summary>Emits an event with any number of arguments (binary allowed anywhere). Buffered while disconnected.</summary>
    /// <param name="eventName">The event name.</param>
    /// <param name="arguments">The arguments.</param>
    /// <returns>A task that completes once the event was sent or buffered.</returns>
    public Task EmitAsync(string eventName, params object?[] arguments) =>
        EmitAsync(eventName, arguments, null, CancellationToken.None);

    /// <summary>Emits an event with any number of arguments (binary allowed anywhere). Buffered while disconnected.</summary>
    /// <param name="eventName">The event name.</param>
    /// <param name="arguments">The arguments.</param>
    /// <param name="cancellationToken">Cancels sending.</param>
    /// <returns>A task that completes once the event was sent or buffered.</returns>
    public Task EmitAsync(string eventName, object?[] arguments, CancellationToken cancellationToken) =>
        EmitAsync(eventName, arguments, null, cancellationToken);

    /// <summary>Emits an event with per-call options (e.g. <see cref="SocketIoEmitOptions.Volatile"/>).</summary>
    /// <param name="eventName">The event name.</param>
    /// <param name="arguments">The arguments.</param>
    /// <param name="options">Per-call options.</param>
    /// <param name="cancellationToken">Cancels sending.</param>
    /// <returns>A task that completes once the event was sent, buffered or (volatile) dropped.</returns>
    public Task EmitAsync(string eventName, object?[] arguments, SocketIoEmitOptions? options, CancellationToken cancellationToken = default)
    {
        ValidateEmit(eventName, arguments);
        return EmitCoreAsync(eventName, arguments, ackId: null, options, cancellationToken);
    }

    /// <summary>Emits an event and waits for the server's acknowledgement.</summary>
    /// <param name="eventName">The event name.</param>
    /// <param name="arguments">The arguments.</param>
    /// <returns>The ack's arguments.</returns>
    /// <exception cref="SocketIoAckTimeoutException">No ack within <see cref="SocketIoClientOptions.AckTimeout"/> (after retries).</exception>
    /// <exception cref="SocketIoDisconnectedException">The socket disconnected after the event was sent.</exception>
    public Task<SocketIoAck> EmitWithAckAsync(string eventName, params object?[] arguments) =>
        EmitWithAckAsync(eventName, arguments, null, CancellationToken.None);

    /// <summary>Emits an event and waits for the server's acknowledgement.</summary>
    /// <param name="eventName">The event name.</param>
    /// <param name="arguments">The arguments.</param>
    /// <param name="cancellationToken">Cancels waiting.</param>
    /// <returns>The ack's arguments.</returns>
    /// <exception cref="SocketIoAckTimeoutException">No ack within <see cref="SocketIoClientOptions.AckTimeout"/> (after retries).</exception>
    /// <exception cref="SocketIoDisconnectedException">The socket disconnected after the event was sent.</exception>
    public Task<SocketIoAck> EmitWithAckAsync(string eventName, object?[] arguments, CancellationToken cancellationToken) =>
        EmitWithAckAsync(eventName, arguments, null, cancellationToken);

    /// <summary>Emits an event and waits for the server's acknowledgement, with a per-call timeout and retries.</summary>
    /// <param name="eventName">The event name.</param>
    /// <param name="arguments">The arguments.</param>
    /// <param name="options">Per-call timeout and retries.</param>
    /// <param name="cancellationToken">Cancels waiting.</param>
    /// <returns>The ack's arguments.</returns>
    /// <exception cref="SocketIoAckTimeoutException">No ack in time (after retries).</exception>
    /// <exception cref="SocketIoDisconnectedException">The socket disconnected after the event was sent.</exception>
    public Task<SocketIoAck> EmitWithAckAsync(string eventName, object?[] arguments, SocketIoEmitOptions? options, CancellationToken cancellationToken = default)
    {
        ValidateEmit(eventName, arguments);
        return EmitWithAckCoreAsync(eventName, arguments, options, cancellationToken);
    }

    /// <summary>Emits an event and returns the ack's first argument as <typeparamref name="T"/>.</summary>
    /// <typeparam name="T">The type of the ack's first argument.</typeparam>
    /// <param name="eventName">The event name.</param>
    /// <param name="arguments">The arguments.</param>
    /// <returns>The ack's first argument.</returns>
    [RequiresUnreferencedCode(SocketIoJson.ReflectionMessage)]
    [RequiresDynamicCode(SocketIoJson.ReflectionMessage)]
    public Task<T> EmitWithAckAsync<T>(string eventName, params object?[] arguments) =>
        EmitWithAckAsync<T>(eventName, arguments, null, CancellationToken.None);

    /// <summary>Emits an event and returns the ack's first argument as <typeparamref name="T"/>.</summary>
    /// <typeparam name="T">The type of the ack's first argument.</typeparam>
    /// <param name="eventName">The event name.</param>
    /// <param name="arguments">The arguments.</param>
    /// <param name="cancellationToken">Cancels waiting.</param>
    /// <returns>The ack's first argument.</returns>
    [RequiresUnreferencedCode(SocketIoJson.ReflectionMessage)]
    [RequiresDynamicCode(SocketIoJson.ReflectionMessage)]
    public Task<T> EmitWithAckAsync<T>(string eventName, object?[] arguments, CancellationToken cancellationToken) =>
        EmitWithAckAsync<T>(eventName, arguments, null, cancellationToken);

    /// <summary>Emits an event and returns the ack's first argument as <typeparamref name="T"/>, with per-call options.</summary>
    /// <typeparam name="T">The type of the ack's first argument.</typeparam>
    /// <param name="eventName">The event name.</param>
    /// <param name="arguments">The arguments.</param>
    /// <param name="options">Per-call timeout and retries.</param>
    /// <param name="cancellationToken">Cancels waiting.</param>
    /// <returns>The ack's first argument.</returns>
    [RequiresUnreferencedCode(SocketIoJson.ReflectionMessage)]
    [RequiresDynamicCode(SocketIoJson.ReflectionMessage)]
    public async Task<T> EmitWithAckAsync<T>(string eventName, object?[] arguments, SocketIoEmitOptions? options, CancellationToken cancellationToken = default)
    {
        var ack = await EmitWithAckAsync(eventName, arguments, options, cancellationToken).ConfigureAwait(false);
        return ack.Count == 0 ? default! : ack.GetValue<T>(0);
    }

    /// <summary>
    /// Emits an event and returns the ack's first argument read with explicit (e.g. source-generated) metadata: safe
    /// for trimming and Native AOT.
    /// </summary>
    /// <typeparam name="T">The type of the ack's first argument.</typeparam>
    /// <param name="eventName">The event name.</param>
    /// <param name="arguments">The arguments.</param>
    /// <param name="typeInfo">Metadata of <typeparamref name="T"/>, e.g. <c>MyContext.Default.MyType</c>.</param>
    /// <param name="options">Per-call timeout and retries.</param>
    /// <param name="cancellationToken">Cancels waiting.</param>
    /// <returns>The ack's first argument.</returns>
    public async Task<T> EmitWithAckAsync<T>(string eventName, object?[] arguments, JsonTypeInfo<T> typeInfo, SocketIoEmitOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(typeInfo);
        var ack = await EmitWithAckAsync(eventName, arguments, options, cancellationToken).ConfigureAwait(false);
        return ack.Count == 0 ? default! : ack.GetValue(0, typeInfo);
    }

    /// <summary>Subscribes to an event. Handlers run in arrival order, off the receive loop; exceptions are logged.</summary>
    /// <param name="eventName">The event name.</param>
    /// <param name="handler">The handler.</param>
    /// <returns>Dispose it to unsubscribe.</returns>
    public IDisposable On(string eventName, Func<SocketIoEvent, Task> handler) => _handlers.Add(CheckName(eventName), CheckHandler(handler), once: false);

    /// <summary>Subscribes to an event. Handlers run in arrival order, off the receive loop; exceptions are logged.</summary>
    /// <param name="eventName">The event name.</param>
    /// <param name="handler">The handler.</param>
    /// <returns>Dispose it to unsubscribe.</returns>
    public IDisposable On(string eventName, Action<SocketIoEvent> handler) => On(eventName, Wrap(handler));

    /// <summary>Subscribes to the next occurrence of an event only.</summary>
    /// <param name="eventName">The event name.</param>
    /// <param name="handler">The handler.</param>
    /// <returns>Dispose it to unsubscribe before it fired.</returns>
    public IDisposable Once(string eventName, Func<SocketIoEvent, Task> handler) => _handlers.Add(CheckName(eventName), CheckHandler(handler), once: true);

    /// <summary>Subscribes to the next occurrence of an event only.</summary>
    /// <param name="eventName">The event name.</param>
    /// <param name="handler">The handler.</param>
    /// <returns>Dispose it to unsubscribe before it fired.</returns>
    public IDisposable Once(string eventName, Action<SocketIoEvent> handler) => Once(eventName, Wrap(handler));

    /// <summary>Removes every handler of an event.</summary>
    /// <param name="eventName">The event name.</param>
    public void Off(string eventName) => _handlers.RemoveAll(CheckName(eventName));

    /// <summary>Catch-all for incoming events: called for every event, before the event's own handlers.</summary>
    /// <param name="handler">The handler.</param>
    /// <returns>Dispose it to unsubscribe.</returns>
    public IDisposable OnAny(Func<SocketIoEvent, Task> handler) => _handlers.AddAny(CheckHandler(handler));

    /// <summary>Catch-all for incoming events: called for every event, before the event's own handlers.</summary>
    /// <param name="handler">The handler.</param>
    /// <returns>Dispose it to unsubscribe.</returns>
    public IDisposable OnAny(Action<SocketIoEvent> handler) => OnAny(Wrap(handler));

    /// <summary>Removes every incoming catch-all handler.</summary>
    public void OffAny() => _handlers.RemoveAllAny();

    /// <summary>Catch-all for outgoing events: called when an event is actually sent (not when buffered), acks excluded.</summary>
    /// <param name="handler">The handler; runs on the sending task, keep it short.</param>
    /// <returns>Dispose it to unsubscribe.</returns>
    public IDisposable OnAnyOutgoing(Action<SocketIoOutgoingEvent> handler) => _outgoing.AddAny(Wrap(handler));

    /// <summary>Removes every outgoing catch-all handler.</summary>
    public void OffAnyOutgoing() => _outgoing.RemoveAllAny();

    /// <summary>
    /// Pull style (Elephant.io <c>wait</c>): takes the first received event named <paramref name="eventName"/> (or any
    /// event when <see langword="null"/>) that no earlier wait took, waiting up to <paramref name="timeout"/>. Other
    /// events stay buffered for later waits.
    /// </summary>
    /// <param name="eventName">The event to wait for, or <see langword="null"/> for any.</param>
    /// <param name="timeout">How long to wait.</param>
    /// <param name="cancellationToken">Cancels waiting.</param>
    /// <returns>The event, or <see langword="null"/> when none arrived in time.</returns>
    public Task<SocketIoEvent?> WaitAsync(string? eventName, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        _inbox.WaitAsync(eventName, timeout, cancellationToken);

    /// <summary>
    /// Pull style (Elephant.io <c>drain</c>): returns every buffered event, waiting up to <paramref name="timeout"/> for at
    /// least one when none is buffered.
    /// </summary>
    /// <param name="timeout">How long to wait when nothing is buffered; <see cref="TimeSpan.Zero"/> does not wait.</param>
    /// <param name="cancellationToken">Cancels waiting.</param>
    /// <returns>The events in arrival order (possibly empty).</returns>
    public Task<IReadOnlyList<SocketIoEvent>> DrainAsync(TimeSpan timeout, CancellationToken cancellationToken = default) =>
        _inbox.DrainAsync(timeout, cancellationToken);

    /// <summary>
    /// Every event received from now on, as an async stream (independent of the pull buffer and of handlers). A slow
    /// reader loses its oldest unread events beyond <see cref="SocketIoClientOptions.ReceiveBufferCapacity"/> events or
    /// <see cref="SocketIoClientOptions.ReceiveBufferMaxBytes"/> bytes (the newest event is always kept); a warning is
    /// logged when that starts.
    /// </summary>
    /// <param name="cancellationToken">Ends the enumeration.</param>
    /// <returns>The events; the stream ends when the client is disposed.</returns>
    public IAsyncEnumerable<SocketIoEvent> ReadEventsAsync(CancellationToken cancellationToken = default)
    {
        var stream = new EventStream(Manager.Options.ReceiveBufferCapacity, Manager.Options.ReceiveBufferMaxBytes);
        lock (_streams)
        {
            _streams.Add(stream);
        }

        return ReadStreamAsync(stream, cancellationToken);
    }

    private async IAsyncEnumerable<SocketIoEvent> ReadStreamAsync(EventStream stream, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var item in stream.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                yield return item;
            }
        }
        finally
        {
            lock (_streams)
            {
                _streams.Remove(stream);
            }
        }
    }

    private protected void RaiseConnected(SocketIoConnectedEventArgs args) => Connected?.Invoke(this, args);

    private protected void RaiseDisconnected(SocketIoDisconnectedEventArgs args) => Disconnected?.Invoke(this, args);

    private protected void RaiseConnectError(SocketIoConnectErrorEventArgs args) => ConnectError?.Invoke(this, args);
}
