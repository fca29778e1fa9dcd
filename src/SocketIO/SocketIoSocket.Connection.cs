using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Tusk.Internal;
using Tusk.SocketIO.Internal;
using Tusk.SocketIO.Protocol;
using Tusk.SocketIO.Sessions;

namespace Tusk.SocketIO;

public partial class SocketIoSocket
{
    private volatile SocketState _state;
    private volatile bool _active;
    private TaskCompletionSource? _connectCompletion;
    private string? _id;
    private string? _pid;
    private string? _lastOffset;
    private bool _recovered;

    private async Task ConnectCoreAsync(CancellationToken cancellationToken)
    {
        TaskCompletionSource completion;
        lock (_sync)
        {
            // Through the manager: see SocketIoManager.Activate (a connect racing the last namespace's leaving).
            Manager.Activate(static socket => socket._active = true, this);
            if (_state == SocketState.Connected)
            {
                return;
            }

            if (_connectCompletion is null || _connectCompletion.Task.IsCompleted)
            {
                _connectCompletion = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            completion = _connectCompletion;
        }

        var activity = StartConnectActivity();
        var started = Manager.Metrics.ConnectDuration.Enabled ? Manager.Options.TimeProvider.GetTimestamp() : 0;
        try
        {
            await JoinAsync(completion, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            EndConnectObservation(activity, started, exception);
            throw;
        }

        EndConnectObservation(activity, started, error: null);
    }

    private async Task JoinAsync(TaskCompletionSource completion, CancellationToken cancellationToken)
    {
        using var connectTimer = new CancellationTokenSource(Manager.Options.ConnectTimeout, Manager.Options.TimeProvider);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, connectTimer.Token);
        ISocketIoSession? session = null;
        try
        {
            session = await Manager.EnsureOpenAsync(timeout.Token).ConfigureAwait(false);
            try
            {
                await SendConnectAsync(session, timeout.Token).ConfigureAwait(false);
            }
            catch (SocketIoDisconnectedException lost)
            {
                // The server's answer may have come first and ended the connection: a 1.x/2.x main namespace refuses as
                // soon as the connection opens, before this CONNECT goes out, and the connection closes once no
                // namespace wants it. That refusal is what failed this connect, not the send that found the connection gone.
                if (completion.Task.IsFaulted)
                {
                    await completion.Task.ConfigureAwait(false);
                }

                // The session ended right after its handshake (e.g. the server's open and close came together). The
                // cause's message goes into ours, as when the loss is seen while waiting for the answer: a caller who only
                // logs the message still learns why (e.g. a polling request without sticky sessions: "Session ID unknown").
                var cause = lost.InnerException is { } inner ? " " + inner.Message : "";
                throw new SocketIoConnectException(
                    $"The connection ended before namespace '{Namespace}' could be joined: {lost.Message}{cause}", lost.InnerException ?? lost);
            }

            await completion.Task.WaitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            FailConnect();
            var timedOut = new SocketIoConnectException(DescribeConnectTimeout(session));

            // A server that goes silent on a protocol revision it refuses (socket.io 3.x and a forced v4 over WebSocket)
            // looks like a slow one: ask, within a bound of its own, before blaming the time.
            if (session is null && await Manager.DiagnoseOpenFailureAsync(timedOut).ConfigureAwait(false) is { } mismatch)
            {
                throw mismatch;
            }

            throw timedOut;
        }
        catch (Exception exception) when (cancellationToken.IsCancellationRequested)
        {
            // The caller cancelled: cancellation with the caller's token, whatever the layers below (which saw a
            // linked token) made of it.
            FailConnect();
            if (exception is OperationCanceledException canceled && canceled.CancellationToken == cancellationToken)
            {
                throw;
            }

            throw new OperationCanceledException($"Connecting to namespace '{Namespace}' was canceled.", exception, cancellationToken);
        }
        catch (Exception)
        {
            FailConnect();
            throw;
        }
    }

    /// <summary>Which namespace, after how long, and which half of the work was left: opening the connection, or the server's answer.</summary>
    private string DescribeConnectTimeout(ISocketIoSession? session)
    {
        var limit = Manager.Options.ConnectTimeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
        var server = UriRedactor.Redact(Manager.ServerUri);
        return session is null
            ? $"Connecting to namespace '{Namespace}' timed out after {limit} s (ConnectTimeout): the connection to {server} " +
                $"could not be opened in that time; no handshake answer came from {UriRedactor.Redact(EngineIoSessionFactory.EndpointUri(Manager.ServerUri, Manager.Options))}. " +
                "A Node server with no Socket.IO endpoint at that path never answers: " + ConnectFailureAdvice.CheckPath(Manager.Options) +
                " Otherwise check that the server is reachable, or raise SocketIoClientOptions.ConnectTimeout."
            : $"Connecting to namespace '{Namespace}' timed out after {limit} s (ConnectTimeout): the connection to {server} is open " +
                $"({session.TransportName}), but the server did not answer the namespace's CONNECT. A namespace middleware that never " +
                "calls next() does this; check the server's handlers for this namespace, or raise SocketIoClientOptions.ConnectTimeout.";
    }

    private void FailConnect()
    {
        lock (_sync)
        {
            if (_state != SocketState.Connected)
            {
                _active = false;
                _state = SocketState.Disconnected;
            }
        }
    }

    /// <summary>Sends CONNECT for this namespace (v5: with auth and recovery ids; v3/v4: only for custom namespaces).</summary>
    private async Task SendConnectAsync(ISocketIoSession session, CancellationToken cancellationToken)
    {
        EnsureNamespaceAuthSupported(session.Protocol);
        lock (_sync)
        {
            if (_state == SocketState.Connected)
            {
                return;
            }

            _state = SocketState.Connecting;
        }

        SocketIoPacket packet;
        if (session.Protocol == SocketIoProtocol.V5)
        {
            var auth = await ResolveAuthBoundedAsync(cancellationToken).ConfigureAwait(false);
            packet = new SocketIoPacket
            {
                Type = SocketIoPacketType.Connect,
                Namespace = Namespace,
                Payload = BuildConnectPayload(auth),
            };
        }
        else if (Namespace != "/")
        {
            var query = BuildLegacyQuery();
            packet = new SocketIoPacket { Type = SocketIoPacketType.Connect, Namespace = Namespace, Query = query };
        }
        else
        {
            // Socket.IO v3/v4 servers join "/" by themselves; a CONNECT for "/" would join it twice.
            return;
        }

        Log.SendingConnect(Manager.Logger, Namespace);
        await session.SendAsync(packet, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The auth payload, within <paramref name="cancellationToken"/> (the connect timeout) even when the provider ignores
    /// its token; a provider that throws fails with a <see cref="SocketIoConnectException"/> that says so.
    /// </summary>
    private async ValueTask<object?> ResolveAuthBoundedAsync(CancellationToken cancellationToken)
    {
        ValueTask<object?> pending;
        try
        {
            pending = ResolveAuthAsync(cancellationToken);
            if (pending.IsCompletedSuccessfully)
            {
                return pending.Result;
            }

            return await pending.AsTask().WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException exception) when (cancellationToken.IsCancellationRequested)
        {
            // The callers tell their own caller's cancellation from the connect timeout by that caller's token.
            var limit = Manager.Options.ConnectTimeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
            throw new AuthProviderException(
                $"The auth provider of namespace '{Namespace}' did not return within {limit} s (ConnectTimeout), or the connect was canceled; the CONNECT was not sent.",
                exception);
        }
        catch (Exception exception)
        {
            throw new AuthProviderException(
                $"The auth provider of namespace '{Namespace}' threw {exception.GetType().Name} (inside this exception); the CONNECT was not sent.", exception);
        }
    }


    private string? BuildConnectPayload(object? auth)
    {
        var authJson = auth is null ? null : Manager.Json.SerializeValue(auth);
        if (authJson is not null && !authJson.StartsWith('{'))
        {
            // socket.io 3.x/4.x take only an object (socket.io-parser's CONNECT check) and close the whole connection
            // on anything else: refuse it here, on every connect, not only when a recovery id is merged in.
            throw new InvalidOperationException(
                $"The auth payload of namespace '{Namespace}' must serialize to a JSON object (it serialized to a JSON " +
                $"{DescribeJsonKind(authJson)}); socket.io servers accept only an object, e.g. new {{ token = \"…\" }}.");
        }

        string? pid;
        string? offset;
        lock (_sync)
        {
            pid = _pid;
            offset = _lastOffset;
        }

        if (pid is null)
        {
            return authJson;
        }

        // Connection state recovery: the auth object plus the private session id and the last offset seen.
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            if (authJson is not null)
            {
                using var document = JsonDocument.Parse(authJson);
                if (document.RootElement.ValueKind != JsonValueKind.Object)
                {
                    throw new InvalidOperationException("The auth payload must serialize to a JSON object.");
                }

                foreach (var property in document.RootElement.EnumerateObject())
                {
                    if (property.Name is not ("pid" or "offset"))
                    {
                        property.WriteTo(writer);
                    }
                }
            }

            writer.WriteString("pid", pid);
            if (offset is not null)
            {
                writer.WriteString("offset", offset);
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static string DescribeJsonKind(string json) => json[0] switch
    {
        '[' => "array",
        '"' => "string",
        't' or 'f' => "boolean",
        'n' => "null",
        _ => "number",
    };

    private string? BuildLegacyQuery()
    {
        var pairs = EngineIoSessionFactory.ParseQuery(Manager.ServerUri.Query)
            .Concat(Manager.Options.Query)
            .Select(static p => Uri.EscapeDataString(p.Key) + "=" + Uri.EscapeDataString(p.Value))
            .ToList();
        return pairs.Count == 0 ? null : string.Join("&", pairs);
    }

    /// <summary>After a reconnection: joins the namespace again on the new session, within the connect timeout.</summary>
    internal async Task RejoinAsync(ISocketIoSession session, CancellationToken cancellationToken)
    {
        TaskCompletionSource completion;
        lock (_sync)
        {
            if (_connectCompletion is null || _connectCompletion.Task.IsCompleted)
            {
                _connectCompletion = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            completion = _connectCompletion;
        }

        // The whole rejoin, the auth provider included, is bounded by the connect timeout, as a first connect is.
        using var connectTimer = new CancellationTokenSource(Manager.Options.ConnectTimeout, Manager.Options.TimeProvider);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, connectTimer.Token);
        SocketIoConnectException failure;
        try
        {
            await SendConnectAsync(session, timeout.Token).ConfigureAwait(false);
            await completion.Task.WaitAsync(timeout.Token).ConfigureAwait(false);
            return;
        }
        catch (Exception) when (cancellationToken.IsCancellationRequested)
        {
            // The client is being disposed.
            return;
        }
        catch (OperationCanceledException exception) when (connectTimer.IsCancellationRequested)
        {
            failure = new SocketIoConnectException(DescribeConnectTimeout(session), exception);
        }
        catch (AuthProviderException exception)
        {
            failure = exception;
        }
        catch (Exception exception) when (exception is InvalidOperationException or NotSupportedException or JsonException)
        {
            // The auth payload could not be sent (not an object, not serializable).
            failure = new SocketIoConnectException($"Rejoining namespace '{Namespace}' failed: {exception.Message}", exception);
        }
        catch (Exception exception)
        {
            // A refusal or a lost connection is reported where it happens (ConnectError, or the reconnection).
            Log.RejoinFailed(Manager.Logger, Namespace, exception);
            return;
        }

        // Not stuck half-way: the application hears of it, and the reconnection starts over on a new connection (the
        // auth provider is asked again), as after a CONNECT the server did not answer in time.
        Log.RejoinFailed(Manager.Logger, Namespace, failure);
        lock (_sync)
        {
            if (_state == SocketState.Connected || !_active)
            {
                return;
            }
        }

        RaiseOnDispatcher(new SocketIoConnectErrorEventArgs(failure, willRetry: Manager.Options.Reconnection));
        await Manager.AbortAsync(session, failure).ConfigureAwait(false);
    }

    /// <summary>
    /// Ends the socket's connection for good (no reconnection): disconnected, inactive, no id. A connect that already
    /// succeeded completes as such once <see cref="Connected"/> was raised (a Connected handler may well be what ends
    /// it); only one still waiting for the server is handed back, to be failed.
    /// </summary>
    /// <param name="pendingConnect">The connect still waiting for the server, if any.</param>
    /// <returns>Whether the socket was connected.</returns>
    private bool EndForGood(out TaskCompletionSource? pendingConnect)
    {
        int dropped;
        bool wasConnected;
        lock (_sync)
        {
            wasConnected = _state == SocketState.Connected;
            _state = SocketState.Disconnected;
            _active = false;
            _id = null;
            pendingConnect = wasConnected ? null : _connectCompletion;
            dropped = ClearReceiveBufferLocked();
        }

        if (dropped > 0)
        {
            Log.EarlyEventsDropped(Manager.Logger, Namespace, dropped, "the namespace was left or refused");
        }

        return wasConnected;
    }

    /// <summary>Leaves the namespace without closing the shared connection (the client closes it afterwards).</summary>
    internal Task LeaveAsync(CancellationToken cancellationToken) => DisconnectCoreAsync(closeIfLast: false, cancellationToken);

    private async Task DisconnectCoreAsync(bool closeIfLast, CancellationToken cancellationToken)
    {
        var wasConnected = EndForGood(out var pendingConnect);
        pendingConnect?.TrySetException(new SocketIoDisconnectedException(SocketIoDisconnectReason.IoClientDisconnect));
        OperationCanceledException? cancelled = null;
        try
        {
            if (wasConnected && Manager.CurrentSession is { } session)
            {
                // The server must have read the events sent before the DISCONNECT in a read of their own: socket.io 2.x to
                // 4.x dispatch an event on the next tick and drop it if the DISCONNECT read with it ended the socket first
                // (socketio/socket.io#5213). Bounded by the session; past the bound the DISCONNECT goes anyway.
                try
                {
                    await session.FlushAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException exception) when (cancellationToken.IsCancellationRequested)
                {
                    // The caller stopped waiting; the DISCONNECT is still queued below (a send waits only for room).
                    cancelled = exception;
                }
                catch (Exception exception)
                {
                    Log.FlushBeforeDisconnectFailed(Manager.Logger, Namespace, exception);
                }

                try
                {
                    await session.SendAsync(new SocketIoPacket { Type = SocketIoPacketType.Disconnect, Namespace = Namespace }, cancellationToken)
                        .ConfigureAwait(false);
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    Log.DisconnectSendFailed(Manager.Logger, Namespace, exception);
                }
            }
        }
        finally
        {
            // Cancelled or not, the socket has left: its acks fail, its handlers hear of it, and a connection no
            // namespace uses any more is closed.
            _acks.FailAll(new SocketIoDisconnectedException(SocketIoDisconnectReason.IoClientDisconnect));
            if (wasConnected)
            {
                RaiseOnDispatcher(new SocketIoDisconnectedEventArgs(SocketIoDisconnectReason.IoClientDisconnect, null, willReconnect: false));
            }

            if (closeIfLast)
            {
                await Manager.OnSocketInactiveAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        if (cancelled is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(cancelled);
        }
    }

    private void OnConnected(string? id, string? pid)
    {
        List<PendingEmit> flushed;
        TaskCompletionSource? completion;
        bool recovered;
        var session = Manager.CurrentSession;
        lock (_sync)
        {
            recovered = pid is not null && pid == _pid;
            _id = id;
            _pid = pid;
            _recovered = recovered;
            _state = SocketState.Connected;
            completion = _connectCompletion;
            flushed = FlushSendBufferLocked(session);
        }

        NotifyOutgoing(flushed);
        Log.Connected(Manager.Logger, Namespace, id, recovered);
        DeliverBufferedEvents();

        // The connect completes only after Connected was raised (on the dispatcher, after the events that came before
        // it), so code after `await ConnectAsync()` can rely on what its handlers did.
        var args = new SocketIoConnectedEventArgs(id, recovered);
        if (!Manager.Dispatcher.Post(() => RaiseConnectedThenComplete(args, completion)))
        {
            completion?.TrySetResult();
        }
    }

    private Task RaiseConnectedThenComplete(SocketIoConnectedEventArgs args, TaskCompletionSource? completion)
    {
        try
        {
            RaiseConnected(args);
        }
        finally
        {
            // A throwing handler is logged by the dispatcher; the connect itself succeeded.
            completion?.TrySetResult();
        }

        return Task.CompletedTask;
    }

    private void OnConnectError(SocketIoConnectException exception)
    {
        var wasConnected = EndForGood(out var completion);
        Log.ConnectRejected(Manager.Logger, Namespace, exception.ServerMessage ?? exception.Message);
        completion?.TrySetException(exception);
        _acks.FailAll(new SocketIoDisconnectedException("The server refused the namespace connection.", exception));
        RaiseOnDispatcher(new SocketIoConnectErrorEventArgs(exception, willRetry: false));
        if (wasConnected)
        {
            // An ERROR on a connected socket (v3/v4) ends it like a server-side disconnect: say so, not only ConnectError.
            RaiseOnDispatcher(new SocketIoDisconnectedEventArgs(SocketIoDisconnectReason.IoServerDisconnect, exception, willReconnect: false));
        }

        _ = CloseIfLastAsync();
    }

    /// <summary>The server speaks another protocol revision (see <c>SocketIoManager.OnProtocolMismatch</c>).</summary>
    internal void OnProtocolMismatch(SocketIoProtocolMismatchException mismatch)
    {
        if (_active)
        {
            OnConnectError(mismatch);
        }
    }

    /// <summary>
    /// The main namespace refused the connection (protocol v3/v4, see <c>SocketIoManager.Route</c>): "/" fails with the
    /// server's rejection, every other socket still waiting for its CONNECT with the same message.
    /// </summary>
    internal void OnMainNamespaceRefused(SocketIoConnectException refusal)
    {
        if (Namespace == "/")
        {
            OnConnectError(refusal);
            return;
        }

        if (!_active || _state == SocketState.Connected)
        {
            // Not connecting, or already accepted by the server (4.x with allowEIO3 answers namespaces on their own).
            return;
        }

        OnConnectError(new SocketIoConnectException(
            $"The server refused the connection to namespace '{Namespace}': {refusal.ServerMessage} (refused by the main " +
            "namespace '/', which every namespace of a socket.io 1.x/2.x protocol connection goes through).",
            Namespace,
            refusal.ServerMessage!,
            refusal.ServerData));
    }

    /// <summary>Leaves a namespace the server joined after this socket stopped wanting it (best effort).</summary>
    private async Task LeaveAfterLateConnectAsync(ISocketIoSession session)
    {
        try
        {
            await session.SendAsync(new SocketIoPacket { Type = SocketIoPacketType.Disconnect, Namespace = Namespace }, CancellationToken.None)
                .ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            Log.DisconnectSendFailed(Manager.Logger, Namespace, exception);
        }
    }

    private void OnServerDisconnect()
    {
        var wasConnected = EndForGood(out _);
        _acks.FailAll(new SocketIoDisconnectedException(SocketIoDisconnectReason.IoServerDisconnect));
        if (wasConnected)
        {
            RaiseOnDispatcher(new SocketIoDisconnectedEventArgs(SocketIoDisconnectReason.IoServerDisconnect, null, willReconnect: false));
        }

        _ = CloseIfLastAsync();
    }

    private async Task CloseIfLastAsync()
    {
        try
        {
            await Manager.OnSocketInactiveAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            Log.DisconnectSendFailed(Manager.Logger, Namespace, exception);
        }
    }

    /// <summary>
    /// A socket.io server whose parser cannot read our CONNECT drops the connection without a word (socket.io closes the
    /// transport on any decoding error), so a close in answer to it most often means the two parsers differ.
    /// </summary>
    private static string ParserHint(SocketIoDisconnectReason reason) =>
        reason == SocketIoDisconnectReason.TransportClose
            ? " If the server uses another packet format (socket.io's default parser or socket.io-msgpack-parser), set SocketIoClientOptions.Parser to match it."
            : string.Empty;

    /// <summary>The shared connection ended.</summary>
    /// <param name="reason">Why it ended.</param>
    /// <param name="error">What ended it, if anything failed.</param>
    /// <param name="willReconnect">Whether the manager reconnects.</param>
    /// <param name="spareIfActive">The connection was closed on purpose: a socket that is active by now has begun
    /// connecting again, on a newer connection, and is left alone (decided under the lock its connect holds).</param>
    internal void OnSessionClosed(SocketIoDisconnectReason reason, Exception? error, bool willReconnect, bool spareIfActive = false)
    {
        bool wasConnected;
        TaskCompletionSource? pendingConnect;
        int dropped;
        lock (_sync)
        {
            if (spareIfActive && _active)
            {
                return;
            }

            wasConnected = _state == SocketState.Connected;
            pendingConnect = _state == SocketState.Connecting ? _connectCompletion : null;
            _state = SocketState.Disconnected;
            _id = null;
            if (!willReconnect)
            {
                _active = false;
            }

            dropped = ClearReceiveBufferLocked();
        }

        if (dropped > 0)
        {
            Log.EarlyEventsDropped(Manager.Logger, Namespace, dropped, "the connection ended first");
        }

        var disconnected = new SocketIoDisconnectedException(reason, error);
        // The cause is always inside: the session's error, or (a clean close by the server) the disconnect itself. Its
        // message goes into ours too: a caller who only logs the message still learns why (e.g. no sticky sessions).
        var cause = error is null ? "." : ": " + error.Message;
        pendingConnect?.TrySetException(new SocketIoConnectException(
            $"The connection was lost ({reason.ToJsReason()}) while connecting to '{Namespace}'{cause}" + ParserHint(reason), error ?? disconnected));
        if (willReconnect)
        {
            _acks.FailSent(disconnected);
        }
        else
        {
            _acks.FailAll(disconnected);
        }

        if (wasConnected)
        {
            RaiseOnDispatcher(new SocketIoDisconnectedEventArgs(reason, error, willReconnect));
        }
    }

    internal void OnReconnectAttemptFailed(SocketIoConnectException exception, bool willRetry)
    {
        if (_active)
        {
            RaiseOnDispatcher(new SocketIoConnectErrorEventArgs(exception, willRetry));
        }
    }

    internal void OnReconnectionAbandoned()
    {
        lock (_sync)
        {
            _active = false;
        }

        _acks.FailAll(new SocketIoDisconnectedException("Reconnection attempts were exhausted."));
    }

    internal void OnClientDisposed()
    {
        lock (_sync)
        {
            _state = SocketState.Disconnected;
            _active = false;
            _id = null;
        }

        _connectCompletion?.TrySetException(new ObjectDisposedException(nameof(SocketIoClient)));
        _acks.FailAll(new SocketIoDisconnectedException(SocketIoDisconnectReason.ForcedClose));
        lock (_streams)
        {
            foreach (var stream in _streams)
            {
                stream.Complete();
            }
        }
    }

    private void RaiseOnDispatcher(SocketIoDisconnectedEventArgs args)
    {
        // Every Disconnected event comes through here: the one place to count them.
        if (Manager.Metrics.Disconnects.Enabled)
        {
            Manager.Metrics.Disconnects.Add(1, _namespaceTag, new KeyValuePair<string, object?>(Diagnostics.SocketIoTags.DisconnectReason, args.Reason.ToJsReason()));
        }

        Manager.Dispatcher.Post(() => { RaiseDisconnected(args); return Task.CompletedTask; });
    }

    private void RaiseOnDispatcher(SocketIoConnectErrorEventArgs args) =>
        Manager.Dispatcher.Post(() => { RaiseConnectError(args); return Task.CompletedTask; });
}
