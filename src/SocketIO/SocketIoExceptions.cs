using System.Text.Json;

namespace Tusk.SocketIO;

/// <summary>The base of the errors this library raises about the Socket.IO layer: every exception Tusk.SocketIO defines
/// derives from it except <see cref="SocketIoAckTimeoutException"/>, which is a <see cref="TimeoutException"/>.</summary>
public class SocketIoException : Exception
{
    /// <summary>Creates an exception with a default message.</summary>
    public SocketIoException() : this("A Socket.IO error occurred.") { }

    /// <summary>Creates an exception with a message.</summary>
    /// <param name="message">What happened.</param>
    public SocketIoException(string message) : base(message) { }

    /// <summary>Creates an exception with a message and its cause.</summary>
    /// <param name="message">What happened.</param>
    /// <param name="innerException">The cause.</param>
    public SocketIoException(string message, Exception? innerException) : base(message, innerException) { }
}

/// <summary>
/// Connecting to the server or to a namespace failed: the server refused it (CONNECT_ERROR in v5, ERROR in v4, e.g. a
/// middleware rejection or an invalid namespace), or the connection could not be opened.
/// </summary>
public class SocketIoConnectException : SocketIoException
{
    /// <summary>Creates an exception with a default message.</summary>
    public SocketIoConnectException() : this("Connecting to the Socket.IO server failed.") { }

    /// <summary>Creates an exception with a message.</summary>
    /// <param name="message">What happened.</param>
    public SocketIoConnectException(string message) : base(message) { }

    /// <summary>Creates an exception with a message and its cause.</summary>
    /// <param name="message">What happened.</param>
    /// <param name="innerException">The cause.</param>
    public SocketIoConnectException(string message, Exception? innerException) : base(message, innerException) { }

    /// <summary>Creates an exception for a rejection sent by the server.</summary>
    /// <param name="namespace">The namespace that was refused.</param>
    /// <param name="serverMessage">The server's message, e.g. <c>"Invalid namespace"</c>.</param>
    /// <param name="data">The server's <c>err.data</c>, if any.</param>
    public SocketIoConnectException(string @namespace, string serverMessage, JsonElement? data)
        : base($"The server refused the connection to namespace '{@namespace}': {serverMessage}")
    {
        Namespace = @namespace;
        ServerMessage = serverMessage;
        ServerData = data;
    }

    /// <summary>Creates an exception for a rejection sent by the server, with a message that explains more.</summary>
    internal SocketIoConnectException(string message, string @namespace, string serverMessage, JsonElement? data)
        : base(message)
    {
        Namespace = @namespace;
        ServerMessage = serverMessage;
        ServerData = data;
    }

    /// <summary>The namespace the failure concerns, if known.</summary>
    public string? Namespace { get; }

    /// <summary>The message the server sent with its rejection; <see langword="null"/> when the server did not reject.</summary>
    public string? ServerMessage { get; }

    /// <summary>The <c>data</c> the server attached to its rejection (JS <c>err.data</c>), if any.</summary>
    public JsonElement? ServerData { get; }

    /// <summary>Whether the server itself refused (middleware or unknown namespace); such failures are not retried.</summary>
    public bool IsServerRejection => ServerMessage is not null;
}

/// <summary>An acknowledgement did not arrive in time.</summary>
public class SocketIoAckTimeoutException : TimeoutException
{
    /// <summary>Creates an exception with a default message.</summary>
    public SocketIoAckTimeoutException() : this("The operation has timed out.") { }

    /// <summary>Creates an exception with a message.</summary>
    /// <param name="message">What happened.</param>
    public SocketIoAckTimeoutException(string message) : base(message) { }

    /// <summary>Creates an exception with a message and its cause.</summary>
    /// <param name="message">What happened.</param>
    /// <param name="innerException">The cause.</param>
    public SocketIoAckTimeoutException(string message, Exception? innerException) : base(message, innerException) { }

    /// <summary>Creates an exception for an event whose ack did not arrive.</summary>
    /// <param name="eventName">The event that was emitted.</param>
    /// <param name="timeout">How long the client waited.</param>
    /// <param name="attempts">How many times the event was sent.</param>
    public SocketIoAckTimeoutException(string eventName, TimeSpan timeout, int attempts)
        : this(eventName, timeout, attempts, wasSent: true)
    {
    }

    /// <summary>Creates an exception for an event whose ack did not arrive, saying whether the event ever left.</summary>
    /// <param name="eventName">The event that was emitted.</param>
    /// <param name="timeout">How long the client waited.</param>
    /// <param name="attempts">How many times the event was emitted.</param>
    /// <param name="wasSent">
    /// Whether the last attempt was sent; <see langword="false"/> when it waited in the send buffer (emitted while
    /// disconnected) for the whole timeout and was dropped from it.
    /// </param>
    public SocketIoAckTimeoutException(string eventName, TimeSpan timeout, int attempts, bool wasSent)
        : base(wasSent
            ? $"No acknowledgement for event '{eventName}' within {timeout.TotalMilliseconds:0} ms after {attempts} attempt(s)."
            : $"Event '{eventName}' was never sent: it was queued while disconnected and no connection came within " +
              $"{timeout.TotalMilliseconds:0} ms ({attempts} attempt(s)); it was removed from the send buffer.")
    {
        EventName = eventName;
        Timeout = timeout;
        Attempts = attempts;
        WasSent = wasSent;
    }

    /// <summary>The event whose ack timed out.</summary>
    public string? EventName { get; }

    /// <summary>The time waited per attempt.</summary>
    public TimeSpan Timeout { get; }

    /// <summary>How many times the event was emitted (sent, or queued while disconnected).</summary>
    public int Attempts { get; }

    /// <summary>
    /// Whether the last attempt reached the connection. <see langword="false"/>: it was emitted while disconnected and
    /// waited in the send buffer until the timeout, so the server never saw it (and will not: it was dropped).
    /// </summary>
    public bool WasSent { get; } = true;
}

/// <summary>The socket disconnected while an operation (an ack, a namespace connect) was waiting on it.</summary>
public class SocketIoDisconnectedException : SocketIoException
{
    /// <summary>Creates an exception with a default message.</summary>
    public SocketIoDisconnectedException() : this("The socket has been disconnected.") { }

    /// <summary>Creates an exception with a message.</summary>
    /// <param name="message">What happened.</param>
    public SocketIoDisconnectedException(string message) : base(message) { }

    /// <summary>Creates an exception with a message and its cause.</summary>
    /// <param name="message">What happened.</param>
    /// <param name="innerException">The cause.</param>
    public SocketIoDisconnectedException(string message, Exception? innerException) : base(message, innerException) { }

    /// <summary>Creates an exception for a disconnect with a known reason.</summary>
    /// <param name="reason">Why the socket disconnected.</param>
    /// <param name="innerException">The transport error, if any.</param>
    public SocketIoDisconnectedException(SocketIoDisconnectReason reason, Exception? innerException = null)
        : base($"The socket has been disconnected ({reason.ToJsReason()}).", innerException)
    {
        Reason = reason;
    }

    /// <summary>Why the socket disconnected, when known.</summary>
    public SocketIoDisconnectReason? Reason { get; }
}

/// <summary>
/// An emit or ack was refused before it was sent: one of its messages (the JSON text, or a binary attachment) is larger
/// than the server accepts (<c>maxPayload</c> in the Engine.IO handshake, <c>maxHttpBufferSize</c> on the server), which
/// would make the server drop the connection. The connection stays open.
/// </summary>
public class SocketIoPayloadTooLargeException : SocketIoException
{
    /// <summary>Creates an exception with a default message.</summary>
    public SocketIoPayloadTooLargeException() : this("The packet is larger than the server accepts.") { }

    /// <summary>Creates an exception with a message.</summary>
    /// <param name="message">What happened.</param>
    public SocketIoPayloadTooLargeException(string message) : base(message) { }

    /// <summary>Creates an exception with a message and its cause.</summary>
    /// <param name="message">What happened.</param>
    /// <param name="innerException">The cause.</param>
    public SocketIoPayloadTooLargeException(string message, Exception? innerException) : base(message, innerException) { }

    /// <summary>Creates an exception for a message of <paramref name="size"/> bytes.</summary>
    /// <param name="size">The encoded size of the largest message of the packet, in bytes.</param>
    /// <param name="maxPayload">The server's limit, in bytes.</param>
    /// <param name="innerException">The cause.</param>
    public SocketIoPayloadTooLargeException(long size, long maxPayload, Exception? innerException = null)
        : base($"The packet was not sent: one of its messages takes {size} bytes, more than the {maxPayload} bytes the server accepts (maxHttpBufferSize on the server). The connection stays open; send smaller data or raise the server's limit.", innerException)
    {
        Size = size;
        MaxPayload = maxPayload;
    }

    /// <summary>The encoded size of the message that did not fit, in bytes.</summary>
    public long Size { get; }

    /// <summary>The server's limit, in bytes.</summary>
    public long MaxPayload { get; }
}

/// <summary>The server sent something that is not valid Socket.IO.</summary>
public class SocketIoProtocolException : SocketIoException
{
    /// <summary>Creates an exception with a default message.</summary>
    public SocketIoProtocolException() : this("The server sent an invalid Socket.IO packet.") { }

    /// <summary>Creates an exception with a message.</summary>
    /// <param name="message">What happened.</param>
    public SocketIoProtocolException(string message) : base(message) { }

    /// <summary>Creates an exception with a message and its cause.</summary>
    /// <param name="message">What happened.</param>
    /// <param name="innerException">The cause.</param>
    public SocketIoProtocolException(string message, Exception? innerException) : base(message, innerException) { }
}

/// <summary>
/// The server speaks another Socket.IO protocol revision than <see cref="SocketIoClientOptions.Protocol"/> asks for
/// (for example <see cref="SocketIoProtocol.V5"/> against a socket.io 2.x server). The message names both and the
/// value to set; reconnecting would not help, so the client does not retry.
/// </summary>
public class SocketIoProtocolMismatchException : SocketIoConnectException
{
    /// <summary>Creates an exception with a default message.</summary>
    public SocketIoProtocolMismatchException() : this("The server speaks another Socket.IO protocol revision than the one asked for.") { }

    /// <summary>Creates an exception with a message.</summary>
    /// <param name="message">What happened.</param>
    public SocketIoProtocolMismatchException(string message) : base(message) { }

    /// <summary>Creates an exception with a message and its cause.</summary>
    /// <param name="message">What happened.</param>
    /// <param name="innerException">The cause.</param>
    public SocketIoProtocolMismatchException(string message, Exception? innerException) : base(message, innerException) { }

    /// <summary>Creates an exception for a server that speaks <paramref name="serverProtocol"/>.</summary>
    /// <param name="requestedProtocol">What <see cref="SocketIoClientOptions.Protocol"/> asked for.</param>
    /// <param name="serverProtocol">What the server speaks; <see langword="null"/> when only known to be Engine.IO-based (1.x or later).</param>
    /// <param name="innerException">The lower-layer failure that showed it, if any.</param>
    public SocketIoProtocolMismatchException(SocketIoProtocol requestedProtocol, SocketIoProtocol? serverProtocol, Exception? innerException = null)
        : base(Internal.ProtocolMismatch.Describe(requestedProtocol, serverProtocol), innerException)
    {
        RequestedProtocol = requestedProtocol;
        ServerProtocol = serverProtocol;
    }

    /// <summary>The revision <see cref="SocketIoClientOptions.Protocol"/> asked for (<see cref="SocketIoProtocol.Auto"/> when detection went wrong).</summary>
    public SocketIoProtocol RequestedProtocol { get; }

    /// <summary>
    /// The revision the server speaks: <see cref="SocketIoProtocol.V0_9"/>, <see cref="SocketIoProtocol.V4"/> (socket.io
    /// 1.x/2.x) or <see cref="SocketIoProtocol.V5"/> (3.x/4.x); <see langword="null"/> when only known to be 1.x or later.
    /// </summary>
    public SocketIoProtocol? ServerProtocol { get; }
}
