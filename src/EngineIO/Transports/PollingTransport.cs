using System.Buffers;
using Microsoft.Extensions.Logging;
using Tusk.EngineIO.Protocol;
using Tusk.Transport.Polling;

namespace Tusk.EngineIO.Transports;

/// <summary>The <c>polling</c> transport: Engine.IO payloads over a <see cref="PollingChannel"/>.</summary>
internal sealed partial class PollingTransport : IEngineIoTransport
{
    private const string TextContentType = EngineIoPayloadCodec.TextContentType;
    private const string BinaryContentType = EngineIoPayloadCodec.BinaryContentType;

    private readonly EngineIoTransportContext _context;
    private readonly PollingChannel _channel;
    private readonly ILogger _logger;
    private ArrayBufferWriter<byte> _sendBuffer = new();

    // socket.io 1.x (engine.io-parser 1.x) answers even text-only batches as binary payloads and expects text
    // POST bodies double UTF-8 encoded; once seen, this transport POSTs binary payloads, which it decodes correctly.
    private bool _serverSendsBinaryPayloads;

    public PollingTransport(EngineIoTransportContext context)
    {
        _context = context;
        _logger = context.LoggerFactory.CreateLogger<PollingTransport>();
        _channel = CreateChannel(context);
    }

    public string Name => EngineIoTransportNames.Polling;

    /// <summary>A polling channel with the session's options: headers, cookies, HTTP stack, timeouts and limits.</summary>
    public static PollingChannel CreateChannel(EngineIoTransportContext context)
    {
        var options = context.Options;
        var channelOptions = options.Connection.CreatePollingOptions();
        channelOptions.Cookies = context.Cookies;
        channelOptions.LoggerFactory = context.LoggerFactory;
        channelOptions.TimestampRequests = options.TimestampRequests;
        channelOptions.RequestTimeout = options.RequestTimeout;
        channelOptions.MaxResponseSize = options.MaxReceiveSize;
        return new PollingChannel(channelOptions);
    }

    public Task OpenAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async ValueTask<IReadOnlyList<EngineIoPacket>> ReceiveAsync(CancellationToken cancellationToken)
    {
        AdjustRequestTimeout();
        var uri = _context.BuildUri(Name, webSocketScheme: false);
        var response = await Translate(_channel.GetAsync(uri, cancellationToken)).ConfigureAwait(false);
        var body = response.Body.Span;
        if (_context.Version == EngineIoVersion.Auto)
        {
            _context.ReportDetectedVersion(PayloadFraming.Detect(body, response.IsBinary));
            Log.RevisionDetected(_logger, _context.Version);
        }
        else if (_context.Handshake is null && _context.Version == EngineIoVersion.V4 && PayloadFraming.Detect(body, response.IsBinary) == EngineIoVersion.V3)
        {
            // Servers before engine.io 4 ignore EIO=4 and answer in their own framing, which the revision 4 decoder
            // would only report as an unknown packet type ('9' of "96:0{…").
            throw new EngineIoVersionMismatchException(EngineIoVersion.V4, EngineIoVersion.V3);
        }

        var binaryPayload = response.IsBinary || (_context.Version == EngineIoVersion.V3 && PayloadCodecV3.IsBinaryPayload(body));
        // The body is this response's own array: a large message keeps its slice of it rather than a copy.
        var packets = PayloadFraming.DecodeOwned(response.Body, binaryPayload, _context.Version);
        if (binaryPayload && !_serverSendsBinaryPayloads && packets.TrueForAll(static p => !p.IsBinary))
        {
            _serverSendsBinaryPayloads = true;
            Log.BinaryPayloadServer(_logger);
        }

        return packets;
    }

    public async ValueTask SendAsync(IReadOnlyList<EngineIoPacket> packets, CancellationToken cancellationToken)
    {
        var uri = _context.BuildUri(Name, webSocketScheme: false);
        var output = _sendBuffer;
        var start = 0;
        try
        {
            while (start < packets.Count)
            {
                var count = _context.Version == EngineIoVersion.V3 ? packets.Count - start : PayloadBatcher.CountFitting(packets, start, _context.MaxPayload);
                output.ResetWrittenCount();
                var contentType = Encode(packets, start, count, output);
                await Translate(_channel.PostAsync(uri, output.WrittenMemory, contentType, cancellationToken)).ConfigureAwait(false);
                start += count;
            }
        }
        finally
        {
            SendBuffer.Trim(ref _sendBuffer);
        }
    }

    public Task CloseAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public ValueTask DisposeAsync()
    {
        _channel.Dispose();
        return ValueTask.CompletedTask;
    }

    private string Encode(IReadOnlyList<EngineIoPacket> packets, int start, int count, ArrayBufferWriter<byte> output)
    {
        if (_context.Version != EngineIoVersion.V3)
        {
            PayloadCodecV4.Encode(packets, start, count, output);
            return TextContentType;
        }

        if (_serverSendsBinaryPayloads || HasBinary(packets, start, count))
        {
            PayloadCodecV3.EncodeBinary(packets, start, count, output);
            return BinaryContentType;
        }

        PayloadCodecV3.EncodeText(packets, start, count, output);
        return TextContentType;
    }

    private void AdjustRequestTimeout()
    {
        // The server holds a poll for up to a heartbeat period, so a poll must be allowed to last at least that long.
        if (_context.Handshake is { } handshake)
        {
            var heartbeat = handshake.PingInterval + handshake.PingTimeout + TimeSpan.FromSeconds(5);
            _channel.RequestTimeout = heartbeat > _context.Options.RequestTimeout ? heartbeat : _context.Options.RequestTimeout;
        }
    }

    private static bool HasBinary(IReadOnlyList<EngineIoPacket> packets, int start, int count)
    {
        for (var i = start; i < start + count; i++)
        {
            if (packets[i].IsBinary)
            {
                return true;
            }
        }

        return false;
    }

    private static async Task<PollingResponse> Translate(Task<PollingResponse> request)
    {
        try
        {
            return await request.ConfigureAwait(false);
        }
        catch (PollingRequestException exception)
        {
            throw TransportErrors.FromPolling(exception);
        }
    }
}
