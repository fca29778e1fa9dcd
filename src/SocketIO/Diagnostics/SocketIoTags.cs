using System.Diagnostics;

namespace Tusk.SocketIO.Diagnostics;

/// <summary>
/// The tag names of the Socket.IO layer's metrics and activities, and their few values (all low-cardinality; event
/// names only with <see cref="SocketIoClientOptions.MetricsIncludeEventNames"/>).
/// </summary>
internal static class SocketIoTags
{
    public const string Namespace = "socketio.namespace";
    public const string Transport = "socketio.transport";
    public const string Protocol = "socketio.protocol";
    public const string DisconnectReason = "socketio.disconnect.reason";
    public const string PacketType = "socketio.packet.type";
    public const string EventName = "socketio.event.name";
    public const string AckId = "socketio.ack.id";
    public const string ReconnectAttempt = "socketio.reconnect.attempt";
    public const string ErrorType = "error.type";
    public const string ServerAddress = "server.address";
    public const string ServerPort = "server.port";

    public const string EventPacket = "event";
    public const string AckPacket = "ack";
    public const string Timeout = "timeout";

    /// <summary>The protocol revision as a tag value: <c>5</c>, <c>4</c>, <c>3</c> or <c>0.9</c>.</summary>
    public static string ProtocolValue(SocketIoProtocol protocol) => protocol switch
    {
        SocketIoProtocol.V5 => "5",
        SocketIoProtocol.V4 => "4",
        SocketIoProtocol.V3 => "3",
        SocketIoProtocol.V0_9 => "0.9",
        _ => "auto",
    };

    /// <summary>OpenTelemetry's <c>error.type</c> for an exception: its type's full name (a fixed set of values).</summary>
    public static string ErrorTypeOf(Exception exception) => exception switch
    {
        SocketIoAckTimeoutException or TimeoutException => Timeout,
        _ => exception.GetType().FullName ?? exception.GetType().Name,
    };

    /// <summary>Marks an activity failed with OpenTelemetry's <c>error.type</c> and the exception's message.</summary>
    public static void SetError(Activity activity, Exception exception)
    {
        activity.SetStatus(ActivityStatusCode.Error, exception.Message);
        activity.SetTag(ErrorType, ErrorTypeOf(exception));
    }
}
