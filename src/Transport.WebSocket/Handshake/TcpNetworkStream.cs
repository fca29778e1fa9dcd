using System.Net.Sockets;

namespace Tusk.Transport.WebSocket.Handshake;

/// <summary>
/// The network stream of a plain TCP connection the client opened itself (no TLS, no tunnel wrapper around it): the
/// connection's frame writer may then send on its socket directly (see <see cref="TakeSocketForDirectSends"/>).
/// </summary>
internal class TcpNetworkStream(Socket socket) : NetworkStream(socket, ownsSocket: true)
{
    /// <summary>
    /// Puts the socket in non-blocking mode and returns it, for a writer that tries each write synchronously first
    /// (one <c>send</c> call, no asynchronous operation object, no stream layer) and hands what the socket would not
    /// take at once to an ordinary asynchronous write. Call once the handshake is done and the stream is used only
    /// asynchronously from then on: a synchronous read or write through the stream would then fail instead of blocking.
    /// </summary>
    public Socket TakeSocketForDirectSends()
    {
        Socket.Blocking = false;
        return Socket;
    }
}
