using System.Text;
using Tusk.Transport.Polling;

namespace Tusk.SocketIO.Legacy;

/// <summary>
/// The 0.9 <c>xhr-polling</c> transport: a long GET returns the server's packets (framed when several), a POST carries
/// ours. The server ends each poll after its polling duration with a noop, so a GET never idles for long.
/// </summary>
internal sealed class LegacyPollingTransport : ILegacyTransport
{
    private const string ContentType = "text/plain; charset=UTF-8";
    private const int MaxEmptyPolls = 2;
    private readonly PollingChannel _channel;
    private readonly Uri _uri;
    private int _emptyPolls;

    private readonly IDisposable? _ownedHandler;

    public LegacyPollingTransport(PollingChannel channel, Uri uri, IDisposable? ownedHandler = null)
    {
        _channel = channel;
        _uri = uri;
        _ownedHandler = ownedHandler;
    }

    public string Name => LegacyEndpoints.PollingTransport;

    public async ValueTask<IReadOnlyList<string>?> ReceiveAsync(CancellationToken cancellationToken)
    {
        var response = await _channel.GetAsync(_uri, cancellationToken).ConfigureAwait(false);

        // An empty answer means the server ended the poll without data (it dropped the transport); the next poll then
        // learns whether the session still exists ("client not handshaken" if not). A server that only ever answers
        // empty polls would keep us polling in a tight loop, so a few in a row count as a closed transport.
        if (response.Body.IsEmpty)
        {
            return ++_emptyPolls > MaxEmptyPolls ? null : [];
        }

        _emptyPolls = 0;
        return LegacyPayloadFraming.Decode(Encoding.UTF8.GetString(response.Body.Span));
    }

    public async ValueTask SendAsync(IReadOnlyList<string> packets, CancellationToken cancellationToken)
    {
        var body = Encoding.UTF8.GetBytes(LegacyPayloadFraming.Encode(packets));
        await _channel.PostAsync(_uri, body, ContentType, cancellationToken).ConfigureAwait(false);
    }

    public Task CloseAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public ValueTask DisposeAsync()
    {
        _channel.Dispose();
        _ownedHandler?.Dispose();
        return ValueTask.CompletedTask;
    }
}
