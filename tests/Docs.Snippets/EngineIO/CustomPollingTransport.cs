#region engineio-custom-polling-transport
using System.Buffers;
using System.Net.Http.Headers;
using Tusk.EngineIO;
using Tusk.EngineIO.Protocol;
using Tusk.EngineIO.Transports;
#endregion

namespace Tusk.Docs.Snippets.EngineIO;

/// <summary>docs/engineio.md, "A polling transport of your own".</summary>
public static class CustomPollingTransport
{
    public static async Task RunAsync()
    {
        #region engineio-custom-polling-transport
        await using var client = new EngineIoClient(DocServers.At("http://localhost:3000"), new EngineIoClientOptions
        {
            Path = "/engine.io",
            Transports = ["polling"],            // polling only: the session stays on this transport
            TransportFactory = new HttpPollingTransportFactory(),
        });
        await client.ConnectAsync();
        await client.SendAsync("héllo");
        await client.SendAsync(new byte[] { 1, 2, 3 });
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var text = await client.ReceiveAsync(timeout.Token);
        var binary = await client.ReceiveAsync(timeout.Token);
        Console.WriteLine($"revision {client.Version}: {text?.Text}, {binary?.Binary.Length} bytes");
        #endregion
    }
}

#region engineio-custom-polling-transport
/// <summary>Serves "polling" with an HttpClient of its own; the public codecs do the Engine.IO framing.</summary>
public sealed class HttpPollingTransportFactory : IEngineIoTransportFactory
{
    public IEngineIoTransport? CreateTransport(string name, EngineIoTransportContext context) =>
        name == EngineIoTransportNames.Polling ? new HttpPollingTransport(context) : null;
}

public sealed class HttpPollingTransport(EngineIoTransportContext context) : IEngineIoTransport
{
    // The session's cookie jar (load balancer stickiness) and a bound on every response body.
    private readonly HttpClient _http = new(new SocketsHttpHandler { CookieContainer = context.Cookies })
    {
        MaxResponseContentBufferSize = Math.Min(context.Options.MaxReceiveSize, int.MaxValue),
    };

    private readonly ArrayBufferWriter<byte> _body = new();

    public string Name => EngineIoTransportNames.Polling;

    public Task OpenAsync(CancellationToken cancellationToken) => Task.CompletedTask; // the first GET is the handshake

    public async ValueTask<IReadOnlyList<EngineIoPacket>> ReceiveAsync(CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync(context.BuildUri(Name, webSocketScheme: false), cancellationToken);
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        var binary = response.Content.Headers.ContentType?.MediaType == EngineIoPayloadCodec.BinaryContentType;
        if (context.Version == EngineIoVersion.Auto)
        {
            context.ReportDetectedVersion(EngineIoPayloadCodec.DetectVersion(body, binary)); // "96:0{…" is revision 3, "0{…" is 4
        }

        return EngineIoPayloadCodec.DecodeOwned(body, binary, context.Version); // the array is ours: no second copy
    }

    // The session never calls SendAsync twice at once, so one body buffer is enough.
    public async ValueTask SendAsync(IReadOnlyList<EngineIoPacket> packets, CancellationToken cancellationToken)
    {
        for (var start = 0; start < packets.Count;)
        {
            var count = EngineIoPayloadCodec.CountFitting(packets, start, context.MaxPayload); // the server's limit
            _body.ResetWrittenCount();
            var contentType = EngineIoPayloadCodec.Encode(packets, start, count, context.Version, _body);
            using var content = new ReadOnlyMemoryContent(_body.WrittenMemory);
            content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
            using var response = await _http.PostAsync(context.BuildUri(Name, webSocketScheme: false), content, cancellationToken);
            response.EnsureSuccessStatusCode();
            start += count;
        }
    }

    public Task CloseAsync(CancellationToken cancellationToken) => Task.CompletedTask; // the session sends the close packet

    public ValueTask DisposeAsync()
    {
        _http.Dispose();
        return ValueTask.CompletedTask;
    }
}
#endregion
