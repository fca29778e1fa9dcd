using System.Collections.Concurrent;
using System.Diagnostics;
using Tusk.Cli.Connection;
using Tusk.SocketIO;
using Tusk.Transport.WebSocket;

namespace Tusk.Cli.Bench;

/// <summary>
/// One simulated user of a bench: a <see cref="SocketIoClient"/> of its own (its own connection), connected during
/// the ramp, then sending what the pacer asks of it according to the scenario.
/// </summary>
internal sealed class VirtualClient : IAsyncDisposable
{
    private readonly SocketIoClient _client;
    private readonly BenchSettings _settings;
    private readonly BenchMetrics _metrics;
    private readonly object?[] _arguments;
    private readonly ConcurrentQueue<long>? _echoes;
    private int _outstanding;
    private int _up;

    public VirtualClient(Uri target, BenchSettings settings, BenchMetrics metrics, object?[] arguments)
    {
        _settings = settings;
        _metrics = metrics;
        _arguments = arguments;
        _client = new SocketIoClient(target, Copy(settings.ClientTemplate));
        _client.Connected += (_, _) => Up();
        _client.Disconnected += (_, e) =>
        {
            Down();
            if (e.Reason != SocketIoDisconnectReason.IoClientDisconnect)
            {
                _metrics.CountDisconnect();
                _metrics.CountError("disconnected: " + e.Reason.ToJsReason());
            }
        };
        _client.Reconnecting += (_, _) => _metrics.CountReconnectAttempt();
        _client.Reconnected += (_, _) => _metrics.CountReconnect();
        if (settings.Scenario == BenchScenario.Echo)
        {
            _echoes = new ConcurrentQueue<long>();
            _client.On(settings.EventName, OnEcho);
        }
    }

    public bool IsConnected => Volatile.Read(ref _up) == 1;

    /// <summary>Connects (bounded by the client's ConnectTimeout); a failure is counted by kind, never thrown.</summary>
    public async Task ConnectAsync(CancellationToken cancellationToken)
    {
        _metrics.CountConnectAttempt();
        var started = Stopwatch.GetTimestamp();
        try
        {
            await _client.ConnectAsync(cancellationToken).ConfigureAwait(false);
            _metrics.RecordConnect(started);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The bench is stopping.
        }
        catch (Exception exception)
        {
            var (code, _) = ClientFactory.Describe(exception, Stopwatch.GetElapsedTime(started), _client.Options.ConnectTimeout, cancellationToken);
            _metrics.CountError(code switch
            {
                ExitCodes.TimedOut => "connect: timed out",
                _ when exception is SocketIoConnectException { IsServerRejection: true } => "connect: rejected by the server",
                _ => "connect: refused or failed",
            });
        }
    }

    /// <summary>Sends one message of the scenario; never throws (failures are counted).</summary>
    public void Send()
    {
        if (!IsConnected)
        {
            _metrics.CountSkipped();
            return;
        }

        _metrics.CountSent();
        switch (_settings.Scenario)
        {
            case BenchScenario.Emit:
                Track(_client.EmitAsync(_settings.EventName, _arguments), started: 0);
                break;
            case BenchScenario.Ack:
                if (Interlocked.Increment(ref _outstanding) > _settings.MaxOutstandingPerClient)
                {
                    Interlocked.Decrement(ref _outstanding);
                    _metrics.CountSkipped();
                    _metrics.CountUnsent();
                    return;
                }

                Track(_client.EmitWithAckAsync(_settings.EventName, _arguments), Stopwatch.GetTimestamp(), outstanding: true);
                break;
            case BenchScenario.Echo:
                if (_echoes!.Count >= _settings.MaxOutstandingPerClient)
                {
                    _metrics.CountSkipped();
                    _metrics.CountUnsent();
                    return;
                }

                // The server answers in order over this one connection, so the oldest send time belongs to the next echo.
                _echoes.Enqueue(Stopwatch.GetTimestamp());
                Track(_client.EmitAsync(_settings.EventName, _arguments), started: -1);
                break;
        }
    }

    public async Task DisconnectAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _client.DisconnectAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is OperationCanceledException or SocketIoException or ObjectDisposedException)
        {
            // Best effort at the end of a bench: disposal aborts what is left.
        }
    }

    public ValueTask DisposeAsync() => _client.DisposeAsync();

    private void OnEcho(SocketIoEvent e)
    {
        if (_echoes!.TryDequeue(out var started))
        {
            _metrics.RecordCompleted(started);
        }
    }

    // started: 0 = completion is the message (emit), -1 = sent only (the echo completes it), else the ack's start.
    private void Track(Task task, long started, bool outstanding = false)
    {
        if (task.IsCompletedSuccessfully)
        {
            Completed(started, outstanding);
            return;
        }

        _ = task.ContinueWith(
            static (t, state) =>
            {
                var (self, started, outstanding) = ((VirtualClient, long, bool))state!;
                if (t.IsCompletedSuccessfully)
                {
                    self.Completed(started, outstanding);
                }
                else
                {
                    self.Failed(t.Exception?.GetBaseException(), outstanding);
                }
            },
            (this, started, outstanding),
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    private void Completed(long started, bool outstanding)
    {
        if (outstanding)
        {
            Interlocked.Decrement(ref _outstanding);
        }

        if (started >= 0)
        {
            _metrics.RecordCompleted(started);
        }
    }

    private void Failed(Exception? exception, bool outstanding)
    {
        if (outstanding)
        {
            Interlocked.Decrement(ref _outstanding);
        }

        _metrics.CountError(exception switch
        {
            SocketIoAckTimeoutException => "ack: timed out",
            SocketIoDisconnectedException => "emit: disconnected",
            OperationCanceledException => "emit: canceled",
            null => "emit: failed",
            _ => "emit: " + exception.GetType().Name,
        });
    }

    private void Up()
    {
        if (Interlocked.Exchange(ref _up, 1) == 0)
        {
            _metrics.ConnectionUp();
        }
    }

    private void Down()
    {
        if (Interlocked.Exchange(ref _up, 0) == 1)
        {
            _metrics.ConnectionDown();
        }

        // Echoes still owed by a lost connection never come; their send times must not be matched with later echoes.
        _echoes?.Clear();
    }

    /// <summary>Each client gets its own options object: the library keeps a reference to it.</summary>
    internal static SocketIoClientOptions Copy(SocketIoClientOptions template)
    {
        var copy = new SocketIoClientOptions
        {
            Path = template.Path,
            Namespace = template.Namespace,
            Protocol = template.Protocol,
            Transports = [.. template.Transports],
            Transport = template.Transport,
            Upgrade = template.Upgrade,
            Auth = template.Auth,
            DangerousAcceptAnyServerCertificate = template.DangerousAcceptAnyServerCertificate,
            ConnectTimeout = template.ConnectTimeout,
            AckTimeout = template.AckTimeout,
            Reconnection = template.Reconnection,
            LoggerFactory = template.LoggerFactory,

            // One thread does a connection's receive work and records its acks, as Node's loop does for Artillery: the
            // socket's completions run on the socket engine's thread, and an answered ack runs the bench's continuation
            // (count it, record its latency) there instead of queueing it to the thread pool. Either alone costs more
            // per ack with 1,000 clients; both together about 0.78x the CPU and less than half the context switches
            // (benchmarks/README.md, "tusk bench" beside Artillery).
            SocketCompletions = SocketCompletionMode.Inline,
            InlineAckContinuations = true,
        };
        foreach (var (key, value) in template.ExtraHeaders)
        {
            copy.ExtraHeaders[key] = value;
        }

        foreach (var (key, value) in template.Query)
        {
            copy.Query[key] = value;
        }

        return copy;
    }
}
