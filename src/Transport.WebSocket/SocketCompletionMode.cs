namespace Tusk.Transport.WebSocket;

/// <summary>
/// Which thread completes a WebSocket connection's socket I/O on Linux and macOS: the runtime's socket thread (one thread
/// waiting in epoll/kqueue, which serves every socket of the process) or a thread-pool thread it queues each completion
/// to. See <see cref="WebSocketClientOptions.SocketCompletions"/>.
/// </summary>
public enum SocketCompletionMode
{
    /// <summary>
    /// Inline for the process's first four concurrent connections that complete inline (whatever their mode), the thread
    /// pool beyond them and while Tusk's <c>Trace</c> logging is enabled: the cheaper path where the one socket thread can
    /// carry it, the scalable one where it would become the bottleneck. A connection's place is given back when its
    /// socket is disposed. The Engine.IO and Socket.IO clients' default; see
    /// <see cref="WebSocketClientOptions.SocketCompletions"/>.
    /// </summary>
    Auto = 0,

    /// <summary>Always inline, however many connections the process holds (where the runtime supports it).</summary>
    Inline = 1,

    /// <summary>Always the thread pool: the runtime's usual behaviour.</summary>
    ThreadPool = 2,
}
