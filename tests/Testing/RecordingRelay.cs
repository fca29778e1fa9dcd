using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Tusk.Testing;

/// <summary>
/// A loopback TCP relay that records every byte a client sends: it listens on a free port and forwards each
/// connection to a target (a real server), or, without a target, accepts and reads only. Tests use it to prove what
/// reached the wire, or that nothing did.
/// </summary>
public sealed class RecordingRelay : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly IPEndPoint? _target;
    private readonly CancellationTokenSource _stop = new();
    private readonly MemoryStream _received = new();
    private readonly Lock _sync = new();
    private readonly List<Task> _pumps = [];
    private readonly Task _acceptLoop;
    private int _connections;

    /// <summary>Starts a relay to <paramref name="targetPort"/> on 127.0.0.1, or a listener that only records when null.</summary>
    public RecordingRelay(int? targetPort = null)
    {
        _target = targetPort is { } port ? new IPEndPoint(IPAddress.Loopback, port) : null;
        _listener.Start();
        _acceptLoop = AcceptLoopAsync();
    }

    /// <summary>The port clients connect to.</summary>
    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary><c>http://127.0.0.1:port/</c>.</summary>
    public Uri HttpUri => new($"http://127.0.0.1:{Port}/");

    /// <summary>How many TCP connections were accepted so far (pending ones not yet accepted included).</summary>
    public int Connections => Volatile.Read(ref _connections) + (_listener.Server.IsBound && _listener.Pending() ? 1 : 0);

    /// <summary>Everything clients sent so far, over all connections, in arrival order per connection.</summary>
    public byte[] Received
    {
        get
        {
            lock (_sync)
            {
                return _received.ToArray();
            }
        }
    }

    /// <summary><see cref="Received"/> as Latin-1 text (every byte one character).</summary>
    public string ReceivedText => Encoding.Latin1.GetString(Received);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        Task[] pumps;
        lock (_sync)
        {
            pumps = [.. _pumps];
        }

        try
        {
            await Task.WhenAll([_acceptLoop, .. pumps]).WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (Exception exception) when (exception is OperationCanceledException or SocketException or IOException or ObjectDisposedException or TimeoutException)
        {
            // Tear-down of the pumps; what was recorded stays.
        }

        _listener.Dispose();
        _stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                Interlocked.Increment(ref _connections);
                lock (_sync)
                {
                    _pumps.Add(RelayAsync(client));
                }
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopped.
        }
    }

    private async Task RelayAsync(TcpClient client)
    {
        using (client)
        {
            TcpClient? upstream = null;
            try
            {
                var clientStream = client.GetStream();
                if (_target is null)
                {
                    await CopyAsync(clientStream, null);
                    return;
                }

                upstream = new TcpClient();
                await upstream.ConnectAsync(_target, _stop.Token);
                var upstreamStream = upstream.GetStream();
                var up = CopyAsync(clientStream, upstreamStream);
                var down = upstreamStream.CopyToAsync(clientStream, _stop.Token);

                // When either side ends, both connections close (the finally and the using below).
                await Task.WhenAny(up, down);
            }
            catch (Exception exception) when (exception is OperationCanceledException or SocketException or IOException or ObjectDisposedException)
            {
                // One side went away.
            }
            finally
            {
                upstream?.Dispose();
            }
        }
    }

    // Reads what the client sends, records it, and forwards it upstream when there is an upstream.
    private async Task CopyAsync(NetworkStream from, NetworkStream? to)
    {
        var buffer = new byte[16 * 1024];
        int read;
        while ((read = await from.ReadAsync(buffer, _stop.Token)) > 0)
        {
            lock (_sync)
            {
                _received.Write(buffer, 0, read);
            }

            if (to is not null)
            {
                await to.WriteAsync(buffer.AsMemory(0, read), _stop.Token);
            }
        }
    }
}
