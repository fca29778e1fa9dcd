using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Tusk.SocketIO.Diagnostics;
using Tusk.SocketIO.Protocol;
using Tusk.SocketIO.Serialization;
using Tusk.SocketIO.Sessions;

namespace Tusk.SocketIO.Internal;

/// <summary>
/// The shared connection of a client (the JS client's Manager): opens sessions, routes received packets to namespace
/// sockets, and reconnects with backoff after a transport loss.
/// </summary>
internal sealed partial class SocketIoManager : IAsyncDisposable
{
    private readonly ISocketIoSessionFactory _sessionFactory;
    private readonly ConcurrentDictionary<string, SocketIoSocket> _sockets = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _openGate = new(1, 1);

    // Held while a socket becomes active, and while the last socket's leaving decides to close the connection and
    // forgets it. Without it a namespace that started connecting between that decision and the forgetting took the
    // connection about to close, sent its CONNECT there and waited for an answer that never came (the close is the
    // client's own, so no socket hears of it and nothing reconnects).
    private readonly Lock _activation = new();
    private readonly CancellationTokenSource _lifetime = new();
    private readonly ISocketIoReconnectionPolicy _reconnectionPolicy;
    private SessionHandle? _current;
    private Task _receiveLoop = Task.CompletedTask;
    private int _reconnecting;
    private volatile bool _closedByClient;
    private int _disposed;
    private ActivityContext _openedBy;
    private SocketIoJson? _json;

    public SocketIoManager(Uri serverUri, SocketIoClientOptions options, ISocketIoSessionFactory? sessionFactory = null)
    {
        SocketIoHeaderOptions.Validate(options);
        ServerUri = serverUri;
        Options = options;
        Logger = (options.LoggerFactory ?? NullLoggerFactory.Instance).CreateLogger("Tusk.SocketIO.SocketIoClient");
        Metrics = SocketIoMetrics.For(options.Connection.MeterFactory);
        // The application's serializer options are copied now (later changes to its instance do not apply); the
        // default ones are built on first use: a connect without auth serializes nothing, and building them first
        // runs System.Text.Json's JsonSerializer static initialisation, several milliseconds of a new process's
        // first connect (issue 21, benchmarks/README.md).
        _json = options.JsonSerializerOptions is null ? null : new SocketIoJson(options.JsonSerializerOptions, options.BinaryAsStream);
        Dispatcher = new HandlerDispatcher(Logger, options.HandlerQueueMaxBytes);
        AckCompletions = new AckCompletionQueue(options.TimeProvider);
        _sessionFactory = sessionFactory ?? Legacy.ProtocolDetectingSessionFactory.Create(serverUri, options);
        _reconnectionPolicy = options.ReconnectionPolicy ?? BackoffReconnectionPolicy.From(options);
    }

    private SocketIoJson CreateDefaultJson()
    {
        var json = new SocketIoJson(null, Options.BinaryAsStream);
        return Interlocked.CompareExchange(ref _json, json, null) ?? json;
    }

    public Uri ServerUri { get; }

    public SocketIoClientOptions Options { get; }

    public ILogger Logger { get; }

    public SocketIoJson Json => _json ?? CreateDefaultJson();

    public SocketIoMetrics Metrics { get; }

    public HandlerDispatcher Dispatcher { get; }

    /// <summary>Completes the acks of every namespace of this connection on the thread pool, several per work item.</summary>
    public AckCompletionQueue AckCompletions { get; }

    public SocketIoProtocol Protocol { get; private set; }

    public ISocketIoSession? CurrentSession => _current?.Session;

    public bool IsDisposed => Volatile.Read(ref _disposed) != 0;

    /// <summary>Hooks of the client for the manager-level events.</summary>
    public Action<SocketIoReconnectingEventArgs>? OnReconnecting { get; set; }

    public Action<SocketIoReconnectedEventArgs>? OnReconnected { get; set; }

    public Action? OnReconnectFailed { get; set; }

    public void Register(SocketIoSocket socket) => _sockets[socket.Namespace] = socket;

    public SocketIoSocket GetOrAdd(string @namespace, Func<string, SocketIoSocket> create) => _sockets.GetOrAdd(@namespace, create);

    public IReadOnlyCollection<SocketIoSocket> Sockets => (IReadOnlyCollection<SocketIoSocket>)_sockets.Values;

    /// <summary>The open session, opening one (and its receive loop) if there is none.</summary>
    public async Task<ISocketIoSession> EnsureOpenAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(IsDisposed, typeof(SocketIoClient));
        if (_current is { } current)
        {
            return current.Session;
        }

        await _openGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_current is { } raced)
            {
                return raced.Session;
            }

            _closedByClient = false;

            // The connect that opens the connection: reconnections link to its trace.
            if (Activity.Current is { } connecting)
            {
                _openedBy = connecting.Context;
            }

            return await OpenLockedAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _openGate.Release();
        }
    }

    private async Task<ISocketIoSession> OpenLockedAsync(CancellationToken cancellationToken)
    {
        Log.Opening(Logger, ServerUri);
        var session = await _sessionFactory.OpenAsync(cancellationToken).ConfigureAwait(false);
        Protocol = session.Protocol;
        var handle = new SessionHandle(session);
        if (Metrics.Connections.Enabled)
        {
            handle.CountedProtocol = SocketIoTags.ProtocolValue(session.Protocol);
            Metrics.Connections.Add(1, new KeyValuePair<string, object?>(SocketIoTags.Protocol, handle.CountedProtocol));
        }

        _current = handle;
        Log.Opened(Logger, session.SessionId, session.Protocol, session.TransportName);
        // Not the caller's token: the loop lives as long as the session; _lifetime ends it. Nor the caller's activity:
        // the loop (and the reconnections it starts) outlives the connect.
        _receiveLoop = SocketIoActivities.WithoutCurrentActivity(() => Task.Run(() => ReceiveLoopAsync(handle), CancellationToken.None));
        return session;
    }

    /// <summary>Whether a connection that could not be opened failed because the server speaks another protocol revision.</summary>
    public async Task<SocketIoProtocolMismatchException?> DiagnoseOpenFailureAsync(Exception failure)
    {
        if (IsDisposed)
        {
            return null;
        }

        try
        {
            return await _sessionFactory.DiagnoseAsync(failure).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            Log.DiagnosisFailed(Logger, exception);
            return null;
        }
    }

    /// <summary>Closes the connection on purpose (no reconnection): after the last namespace left, or on disconnect.</summary>
    public Task CloseAsync(CancellationToken cancellationToken) => CloseAsync(ForgetForClose(), cancellationToken);

    /// <summary>Marks the connection closed by the client and forgets it, so that a connect right after this opens a
    /// fresh session instead of reusing the closing one.</summary>
    private SessionHandle? ForgetForClose()
    {
        _closedByClient = true;
        var handle = _current;
        if (handle is null)
        {
            return null;
        }

        handle.ClosedByClient = true;
        Interlocked.CompareExchange(ref _current, null, handle);
        return handle;
    }

    private async Task CloseAsync(SessionHandle? handle, CancellationToken cancellationToken)
    {
        if (handle is null)
        {
            return;
        }

        try
        {
            await handle.Session.CloseAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            Log.CloseFailed(Logger, exception);
        }

        // The session's close completes on the session's own receive loop. Continuing there would run the caller's code
        // after DisconnectAsync on that loop, and a caller that then disposes synchronously (`using var host` after
        // StopAsync) would block the very loop the disposal waits for, until the disposal's bound. Leave it first.
        await Task.Yield();
    }

    /// <summary>Closes a session that stopped answering, so that the reconnection logic takes over: its end counts as a
    /// transport error caused by <paramref name="reason"/>, not as a close on purpose (which would not reconnect).</summary>
    public async Task AbortAsync(ISocketIoSession session, Exception reason)
    {
        if (_current is not { } handle || handle.Session != session)
        {
            return;
        }

        handle.AbortedFor = reason;

        try
        {
            await session.CloseAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            Log.CloseFailed(Logger, exception);
        }
    }

    /// <summary>Called when a socket stops being active; closes the connection when none is left (JS "forced close").</summary>
    public async Task OnSocketInactiveAsync(CancellationToken cancellationToken)
    {
        SessionHandle? handle;
        lock (_activation)
        {
            if (_sockets.Values.Any(static s => s.IsActive))
            {
                return;
            }

            handle = ForgetForClose();
        }

        await CloseAsync(handle, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Runs <paramref name="activate"/>, which makes a socket active, so that it happens either before the last
    /// socket's leaving looks for active sockets (the connection stays) or after it has forgotten the connection it
    /// closes (the socket then opens a new one): never in between.
    /// </summary>
    public void Activate<TState>(Action<TState> activate, TState state)
    {
        lock (_activation)
        {
            activate(state);
        }
    }

    private async Task ReceiveLoopAsync(SessionHandle handle)
    {
        var session = handle.Session;
        var reason = SocketIoDisconnectReason.TransportClose;
        Exception? error = null;
        try
        {
            while (true)
            {
                var packet = await session.ReceiveAsync(_lifetime.Token).ConfigureAwait(false);
                if (packet is null)
                {
                    reason = session.CloseReason;
                    error = session.CloseException;
                    break;
                }

                // A long-polling response brings many packets at once: their handlers are queued as they are routed,
                // and the handler thread is woken once, after the last (not once per event).
                if (session.HasMoreInBatch)
                {
                    Dispatcher.HoldWakes();
                }
                else
                {
                    Dispatcher.ReleaseWakes();
                }

                Route(packet, session);

                // Backpressure: past HandlerQueueMaxBytes the next packet is read only once handlers have caught up
                // (awaited, so no thread waits; the transport's flow control then holds the server back).
                if (Dispatcher.IsFull)
                {
                    await WaitForHandlersAsync().ConfigureAwait(false);
                }
            }
        }
        catch (SocketIoProtocolException exception)
        {
            Log.ParseError(Logger, exception);
            reason = SocketIoDisconnectReason.ParseError;
            error = exception;
        }
        catch (OperationCanceledException) when (_lifetime.IsCancellationRequested)
        {
            reason = SocketIoDisconnectReason.ForcedClose;
        }
        catch (Exception exception)
        {
            Log.ReceiveFailed(Logger, exception);
            reason = SocketIoDisconnectReason.TransportError;
            error = exception;
        }
        finally
        {
            Dispatcher.ReleaseWakes();
        }

        await OnSessionEndedAsync(handle, reason, error).ConfigureAwait(false);
    }

    private async Task WaitForHandlersAsync()
    {
        Log.HandlersBehind(Logger, Dispatcher.QueuedBytes, Options.HandlerQueueMaxBytes);
        await Dispatcher.WaitForRoomAsync(_lifetime.Token).ConfigureAwait(false);
        Log.HandlersCaughtUp(Logger);
    }

    private void Route(SocketIoPacket packet, ISocketIoSession session)
    {
        Log.PacketReceived(Logger, packet.Type, packet.Namespace, packet.Id);
        if (packet is { Type: SocketIoPacketType.ConnectError, Namespace: "/" } &&
            session.Protocol is SocketIoProtocol.V3 or SocketIoProtocol.V4 &&
            _sockets.TryGetValue("/", out var root))
        {
            // On protocol v3/v4 (socket.io 1.x/2.x, and 4.x with allowEIO3) an ERROR on "/" is a middleware of the main
            // namespace refusing the whole connection: 1.x/2.x hold every other CONNECT until "/" is joined (so they
            // would never be answered), 4.x answers them regardless. Every socket waiting to connect fails with the
            // server's message instead, as the 2.x JS client fails all its sockets on a root namespace error.
            var refusal = root.ParseConnectError(packet);
            Log.MainNamespaceRefused(Logger, refusal.ServerMessage);
            foreach (var socket in _sockets.Values)
            {
                socket.OnMainNamespaceRefused(refusal);
            }

            return;
        }

        if (_sockets.TryGetValue(packet.Namespace, out var target))
        {
            target.HandlePacket(packet, session);
        }
        else
        {
            Log.UnknownNamespace(Logger, packet.Namespace);
        }
    }

    /// <summary>
    /// The server turned out to speak another protocol revision than this session: every socket that wants a connection
    /// fails with <paramref name="mismatch"/> (no retry: the same server would answer the same), and the connection
    /// closes once none is left.
    /// </summary>
    public void OnProtocolMismatch(SocketIoProtocolMismatchException mismatch)
    {
        Log.ProtocolMismatch(Logger, mismatch.Message);
        foreach (var socket in _sockets.Values)
        {
            socket.OnProtocolMismatch(mismatch);
        }
    }

    private async Task OnSessionEndedAsync(SessionHandle handle, SocketIoDisconnectReason reason, Exception? error)
    {
        Interlocked.CompareExchange(ref _current, null, handle);
        if (handle.CountedProtocol is { } countedProtocol)
        {
            Metrics.Connections.Add(-1, new KeyValuePair<string, object?>(SocketIoTags.Protocol, countedProtocol));
        }

        var byClient = handle.ClosedByClient || _closedByClient || Volatile.Read(ref _disposed) != 0;
        if (byClient)
        {
            reason = SocketIoDisconnectReason.ForcedClose;
        }
        else if (handle.AbortedFor is { } abortedFor && reason == SocketIoDisconnectReason.ForcedClose)
        {
            reason = SocketIoDisconnectReason.TransportError;
            error = abortedFor;
        }

        if (reason != SocketIoDisconnectReason.ForcedClose)
        {
            Log.SessionLost(Logger, reason.ToJsReason(), error);
        }

        try
        {
            await handle.Session.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            Log.CloseFailed(Logger, exception);
        }

        if (_current is not null)
        {
            // A newer session already serves the sockets; this one was closed on purpose and concerns nobody.
            return;
        }

        var lostAt = Options.TimeProvider.GetTimestamp();
        var firstDelay = !byClient && Options.Reconnection && reason.AllowsReconnection() && _sockets.Values.Any(static s => s.IsActive)
            ? AskReconnectionPolicy(new SocketIoReconnectionContext { Attempt = 1, DisconnectReason = reason, LastError = error })
            : null;
        var willReconnect = firstDelay is not null;
        var disposed = IsDisposed;
        foreach (var socket in _sockets.Values)
        {
            // A connection closed on purpose was closed when no socket was active (or all were leaving): one active now
            // has begun connecting again since, on a newer connection this end does not concern. The socket decides
            // under its own lock, the one its connect holds while it becomes active: a look here and a close there
            // could let a connect in between, whose server's answer was then ignored as late (the connect timed out).
            socket.OnSessionClosed(reason, error, willReconnect, spareIfActive: byClient && !disposed);
        }

        if (firstDelay is { } delay && Interlocked.Exchange(ref _reconnecting, 1) == 0)
        {
            _ = Task.Run(() => ReconnectLoopAsync(delay, lostAt, reason));
        }
    }

    /// <summary>The longest wait Task.Delay takes (uint.MaxValue - 1 ms, about 49.7 days); a longer delay would throw there.</summary>
    internal static readonly TimeSpan MaxReconnectionDelay = TimeSpan.FromMilliseconds(uint.MaxValue - 1);

    /// <summary>
    /// The policy's answer, within [0, <see cref="MaxReconnectionDelay"/>]; a policy that throws stops the reconnection
    /// (logged), as <see langword="null"/> does.
    /// </summary>
    private TimeSpan? AskReconnectionPolicy(SocketIoReconnectionContext context)
    {
        try
        {
            var delay = _reconnectionPolicy.NextDelay(context);
            return delay < TimeSpan.Zero ? TimeSpan.Zero : delay > MaxReconnectionDelay ? MaxReconnectionDelay : delay;
        }
        catch (Exception exception)
        {
            Log.ReconnectionPolicyFailed(Logger, context.Attempt, exception);
            return null;
        }
    }

    private async Task ReconnectLoopAsync(TimeSpan firstDelay, long lostAt, SocketIoDisconnectReason reason)
    {
        TimeSpan? next = firstDelay;
        var attempt = 0;
        try
        {
            while (!_lifetime.IsCancellationRequested && !_closedByClient)
            {
                if (next is not { } delay)
                {
                    Log.ReconnectGaveUp(Logger, attempt);
                    foreach (var socket in _sockets.Values)
                    {
                        socket.OnReconnectionAbandoned();
                    }

                    var failed = OnReconnectFailed;
                    if (failed is not null)
                    {
                        Dispatcher.Post(() => { failed(); return Task.CompletedTask; });
                    }

                    return;
                }

                attempt++;
                await Task.Delay(delay, Options.TimeProvider, _lifetime.Token).ConfigureAwait(false);
                if (_closedByClient || !_sockets.Values.Any(static s => s.IsActive))
                {
                    return;
                }

                var reconnecting = OnReconnecting;
                if (reconnecting is not null)
                {
                    var args = new SocketIoReconnectingEventArgs(attempt, delay);
                    Dispatcher.Post(() => { reconnecting(args); return Task.CompletedTask; });
                }

                Log.Reconnecting(Logger, attempt, delay);
                ISocketIoSession session;
                var activity = StartReconnectActivity(attempt);
                try
                {
                    session = await OpenForReconnectAsync().ConfigureAwait(false);
                    EndReconnectObservation(activity, error: null);
                }
                catch (Exception exception) when (exception is SocketIoConnectException or TimeoutException ||
                    (exception is OperationCanceledException && !_lifetime.IsCancellationRequested))
                {
                    EndReconnectObservation(activity, exception);
                    Log.ReconnectFailed(Logger, attempt, exception);
                    var connectError = exception as SocketIoConnectException ?? new SocketIoConnectException("Reconnection attempt timed out.", exception);

                    // The last allowed attempt is followed by ReconnectFailed, not by another try: say so (JS: the last
                    // "reconnect_error" comes right before "reconnect_failed").
                    next = AskReconnectionPolicy(new SocketIoReconnectionContext
                    {
                        Attempt = attempt + 1,
                        ElapsedTime = Options.TimeProvider.GetElapsedTime(lostAt),
                        DisconnectReason = reason,
                        LastError = connectError,
                    });
                    var willRetry = next is not null && !_closedByClient;
                    foreach (var socket in _sockets.Values)
                    {
                        socket.OnReconnectAttemptFailed(connectError, willRetry);
                    }

                    continue;
                }

                var reconnected = OnReconnected;
                if (reconnected is not null)
                {
                    var args = new SocketIoReconnectedEventArgs(attempt);
                    Dispatcher.Post(() => { reconnected(args); return Task.CompletedTask; });
                }

                foreach (var socket in _sockets.Values)
                {
                    if (socket.IsActive)
                    {
                        _ = socket.RejoinAsync(session, _lifetime.Token);
                    }
                }

                return;
            }
        }
        catch (OperationCanceledException) when (_lifetime.IsCancellationRequested)
        {
        }
        finally
        {
            Volatile.Write(ref _reconnecting, 0);
        }
    }

    private Activity? StartReconnectActivity(int attempt)
    {
        // A root of its own (it happens long after any caller's operation), linked to the connect that opened the
        // connection when that was traced.
        var activity = SocketIoActivities.Source.HasListeners()
            ? SocketIoActivities.Source.StartActivity(
                SocketIoActivities.Reconnect, ActivityKind.Client, parentContext: default, links: _openedBy == default ? null : [new ActivityLink(_openedBy)])
            : null;
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag(SocketIoTags.ReconnectAttempt, attempt);
            activity.SetTag(SocketIoTags.ServerAddress, ServerUri.Host);
            activity.SetTag(SocketIoTags.ServerPort, ServerUri.Port);
        }

        return activity;
    }

    /// <summary>Ends an attempt's activity (with the transport it opened, or the error) and counts the attempt.</summary>
    private void EndReconnectObservation(Activity? activity, Exception? error)
    {
        if (activity is not null)
        {
            if (error is not null)
            {
                SocketIoTags.SetError(activity, error);
            }
            else if (activity.IsAllDataRequested)
            {
                activity.SetTag(SocketIoTags.Transport, CurrentSession?.TransportName);
            }

            activity.Dispose();
        }

        if (Metrics.ReconnectAttempts.Enabled)
        {
            if (error is null)
            {
                Metrics.ReconnectAttempts.Add(1);
            }
            else
            {
                Metrics.ReconnectAttempts.Add(1, new KeyValuePair<string, object?>(SocketIoTags.ErrorType, SocketIoTags.ErrorTypeOf(error)));
            }
        }
    }

    private async Task<ISocketIoSession> OpenForReconnectAsync()
    {
        using var connectTimer = new CancellationTokenSource(Options.ConnectTimeout, Options.TimeProvider);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_lifetime.Token, connectTimer.Token);
        await _openGate.WaitAsync(timeout.Token).ConfigureAwait(false);
        try
        {
            return _current?.Session ?? await OpenLockedAsync(timeout.Token).ConfigureAwait(false);
        }
        finally
        {
            _openGate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _closedByClient = true;
        await _lifetime.CancelAsync().ConfigureAwait(false);
        if (_current is { } handle)
        {
            handle.ClosedByClient = true;
            try
            {
                await handle.Session.DisposeAsync().ConfigureAwait(false);
            }
            catch (Exception exception)
            {
                Log.CloseFailed(Logger, exception);
            }
        }

        try
        {
            // The loop disposes its session; give it the close timeout, no more.
            await _receiveLoop.WaitAsync(Options.ConnectTimeout, Options.TimeProvider).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
        }

        foreach (var socket in _sockets.Values)
        {
            socket.OnClientDisposed();
        }

        await Dispatcher.DisposeAsync().ConfigureAwait(false);
        _lifetime.Dispose();
    }
}
