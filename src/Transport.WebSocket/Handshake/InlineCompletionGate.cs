using System.Net.Sockets;

namespace Tusk.Transport.WebSocket.Handshake;

/// <summary>
/// Decides, per new socket, whether it completes its I/O inline (<see cref="SocketCompletionMode"/>), and counts the
/// process's sockets that do. <see cref="SocketCompletionMode.Auto"/> takes inline completions only while fewer than
/// <see cref="AutoLimit"/> sockets hold them: the runtime's socket engine runs all of them on one thread (one engine
/// for up to 30 cores on x64, 8 on Arm, unless <c>DOTNET_SYSTEM_NET_SOCKETS_THREAD_COUNT</c> says otherwise), so past a
/// few busy connections that thread, not the thread pool, would bound the process. Each socket that got inline
/// completions holds a slot until it is disposed (<see cref="Slot"/>), so a process that opens and closes connections
/// for ever keeps getting the same decision.
/// </summary>
/// <remarks>Thread safety: every member may be called from any thread, concurrently.</remarks>
internal sealed class InlineCompletionGate
{
    /// <summary>The most sockets <see cref="SocketCompletionMode.Auto"/> lets complete inline at once.</summary>
    public const int DefaultAutoLimit = 4;

    private readonly Func<Socket, bool> _enable;
    private int _inline;

    /// <param name="autoLimit">The most inline sockets for <see cref="SocketCompletionMode.Auto"/>.</param>
    /// <param name="enable">Sets inline completions on a socket and says whether the runtime took it (a seam: tests
    /// stand in for a runtime without the switch).</param>
    public InlineCompletionGate(int autoLimit, Func<Socket, bool> enable)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(autoLimit);
        AutoLimit = autoLimit;
        _enable = enable;
    }

    /// <summary>The process's gate, over the runtime's per-socket switch.</summary>
    public static InlineCompletionGate Shared { get; } = new(DefaultAutoLimit, InlineCompletions.TryEnable);

    /// <summary>The most inline sockets <see cref="SocketCompletionMode.Auto"/> allows.</summary>
    public int AutoLimit { get; }

    /// <summary>How many sockets hold inline completions now (every mode counts).</summary>
    public int InlineCount => Volatile.Read(ref _inline);

    /// <summary>Applies <paramref name="mode"/> to a new, connected <paramref name="socket"/>.</summary>
    /// <param name="socket">The socket, before any read or write is pending on it.</param>
    /// <param name="mode">The mode the options ask for.</param>
    /// <param name="traceLogging">Whether Tusk's per-message <c>Trace</c> logging is enabled: <see cref="SocketCompletionMode.Auto"/>
    /// then keeps the logging off the socket thread.</param>
    /// <returns>The slot to return when the socket is disposed, or <see langword="null"/> when the socket completes on
    /// the thread pool.</returns>
    public Slot? TryTake(Socket socket, SocketCompletionMode mode, bool traceLogging)
    {
        switch (mode)
        {
            case SocketCompletionMode.Inline:
                if (!_enable(socket))
                {
                    return null;
                }

                Interlocked.Increment(ref _inline);
                return new Slot(this);
            case SocketCompletionMode.Auto when !traceLogging:
                if (!TryReserve())
                {
                    return null;
                }

                if (!_enable(socket))
                {
                    Interlocked.Decrement(ref _inline);
                    return null;
                }

                return new Slot(this);
            default:
                return null;
        }
    }

    private bool TryReserve()
    {
        var current = Volatile.Read(ref _inline);
        while (current < AutoLimit)
        {
            var seen = Interlocked.CompareExchange(ref _inline, current + 1, current);
            if (seen == current)
            {
                return true;
            }

            current = seen;
        }

        return false;
    }

    /// <summary>One inline socket's place in the count; <see cref="Release"/> returns it, once.</summary>
    internal sealed class Slot(InlineCompletionGate gate)
    {
        private int _released;

        public void Release()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                Interlocked.Decrement(ref gate._inline);
            }
        }
    }
}
