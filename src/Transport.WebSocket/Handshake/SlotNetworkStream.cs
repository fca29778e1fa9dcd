using System.Net.Sockets;

namespace Tusk.Transport.WebSocket.Handshake;

/// <summary>The network stream of a socket that completes inline: disposing it (whoever does, the connection, TLS over
/// it, or a failed handshake) returns the socket's <see cref="InlineCompletionGate.Slot"/>.</summary>
internal sealed class SlotNetworkStream(Socket socket, InlineCompletionGate.Slot slot) : TcpNetworkStream(socket)
{
    protected override void Dispose(bool disposing)
    {
        try
        {
            base.Dispose(disposing);
        }
        finally
        {
            slot.Release();
        }
    }
}
