namespace Tusk.SocketIO.Internal;

internal enum SocketState
{
    Disconnected,
    Connecting,
    Connected,
}
