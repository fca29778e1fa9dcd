using System.Text;
using Tusk.Transport.WebSocket.Diagnostics;

namespace Tusk.Transport.WebSocket;

// The connection's metrics (docs/observability.md): each call site checks Instrument.Enabled first, so nobody
// listening costs a field read per message.
public sealed partial class WebSocketConnection
{
    private void CountSent(WebSocketMessageKind kind, long bytes)
    {
        var tag = WebSocketMetrics.TypeTag(kind);
        if (_metrics.MessagesSent.Enabled)
        {
            _metrics.MessagesSent.Add(1, tag);
        }

        if (_metrics.BytesSent.Enabled)
        {
            _metrics.BytesSent.Add(bytes, tag);
        }
    }

    private void CountSentText(string text)
    {
        var tag = WebSocketMetrics.TypeTag(WebSocketMessageKind.Text);
        if (_metrics.MessagesSent.Enabled)
        {
            _metrics.MessagesSent.Add(1, tag);
        }

        if (_metrics.BytesSent.Enabled)
        {
            _metrics.BytesSent.Add(Encoding.UTF8.GetByteCount(text), tag);
        }
    }

    /// <summary>Counts received payload bytes, and the message once its last part is in (close frames are not messages).</summary>
    private void CountReceived(WebSocketMessageKind kind, long bytes, bool endOfMessage)
    {
        if (kind == WebSocketMessageKind.Close)
        {
            return;
        }

        var tag = WebSocketMetrics.TypeTag(kind);
        if (bytes > 0 && _metrics.BytesReceived.Enabled)
        {
            _metrics.BytesReceived.Add(bytes, tag);
        }

        if (endOfMessage && _metrics.MessagesReceived.Enabled)
        {
            _metrics.MessagesReceived.Add(1, tag);
        }
    }

    private void CountOpened()
    {
        if (_metrics.Connections.Enabled)
        {
            _countedOpen = true;
            _metrics.Connections.Add(1);
        }
    }

    private void CountReleased()
    {
        if (_countedOpen)
        {
            _metrics.Connections.Add(-1);
        }
    }
}
