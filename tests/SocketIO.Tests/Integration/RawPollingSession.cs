using System.Globalization;
using System.Text;
using Tusk.Testing;

namespace Tusk.SocketIO.Tests.Integration;

/// <summary>
/// A deliberately minimal HTTP long-polling peer for the raw server tests: it speaks just enough of each wire format
/// (Engine.IO 4, Engine.IO 3 text payloads, socket.io 0.9 xhr-polling) to exchange a few ASCII packets.
/// </summary>
internal sealed class RawPollingSession
{
    private static readonly TimeSpan ReceiveTimeout = TimeSpan.FromSeconds(10);
    private readonly HttpClient _http;
    private readonly Uri _endpoint;
    private readonly Func<string, string> _encode;
    private readonly Func<string, IEnumerable<string>> _decode;
    private readonly Queue<string> _received = new();

    private RawPollingSession(HttpClient http, Uri endpoint, Func<string, string> encode, Func<string, IEnumerable<string>> decode)
    {
        _http = http;
        _endpoint = endpoint;
        _encode = encode;
        _decode = decode;
    }

    /// <summary>Opens an Engine.IO polling session (revision 3 or 4) and returns it with the open packet consumed.</summary>
    public static async Task<RawPollingSession> OpenEngineIoAsync(HttpClient http, NodeServer server, int revision, string extraQuery = "")
    {
        var handshakeUri = new Uri(server.HttpUri, $"socket.io/?EIO={revision}&transport=polling{extraQuery}");
        Func<string, IEnumerable<string>> decode = revision == 4 ? DecodeEio4 : DecodeEio3;
        var body = await GetAsync(http, handshakeUri);
        var packets = decode(body).ToList();
        if (packets.Count == 0 || !packets[0].StartsWith("0{", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"Expected an open packet, got: {body}");
        }

        var sid = ReadJsonString(packets[0], "sid");
        var session = new RawPollingSession(
            http,
            new Uri(handshakeUri + "&sid=" + Uri.EscapeDataString(sid)),
            revision == 4 ? packet => packet : packet => packet.Length.ToString(CultureInfo.InvariantCulture) + ":" + packet,
            decode);
        foreach (var packet in packets.Skip(1))
        {
            session._received.Enqueue(packet);
        }

        return session;
    }

    /// <summary>Handshakes with a socket.io 0.9 server and opens its xhr-polling transport.</summary>
    public static async Task<RawPollingSession> OpenSocketIO09Async(HttpClient http, NodeServer server)
    {
        var handshake = await GetAsync(http, new Uri(server.HttpUri, "socket.io/1/?t=1"));
        var sid = handshake.Split(':')[0];
        return new RawPollingSession(http, new Uri(server.HttpUri, $"socket.io/1/xhr-polling/{sid}?t=1"), packet => packet, DecodeSocketIO09);
    }

    public async Task SendAsync(string packet)
    {
        using var content = new StringContent(_encode(packet), Encoding.UTF8, "text/plain");
        using var response = await _http.PostAsync(_endpoint, content);
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"POST {_endpoint} answered {(int)response.StatusCode}: {body}");
        }
    }

    /// <summary>Polls until a packet starting with <paramref name="prefix"/> arrives, skipping heartbeats and noops.</summary>
    public async Task<string> ReceiveAsync(string prefix)
    {
        using var timeout = new CancellationTokenSource(ReceiveTimeout);
        var skipped = new List<string>();
        while (true)
        {
            while (_received.TryDequeue(out var packet))
            {
                if (packet.StartsWith(prefix, StringComparison.Ordinal))
                {
                    return packet;
                }

                skipped.Add(packet);
            }

            string payload;
            try
            {
                payload = await GetAsync(_http, _endpoint, timeout.Token);
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested)
            {
                throw new TimeoutException(
                    $"No packet starting with '{prefix}' arrived within {ReceiveTimeout.TotalSeconds:0} s; got: {string.Join(" | ", skipped)}");
            }

            foreach (var packet in _decode(payload))
            {
                _received.Enqueue(packet);
            }
        }
    }

    private static async Task<string> GetAsync(HttpClient http, Uri uri, CancellationToken cancellationToken = default)
    {
        using var response = await http.GetAsync(uri, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        return response.IsSuccessStatusCode
            ? body
            : throw new InvalidOperationException($"GET {uri} answered {(int)response.StatusCode}: {body}");
    }

    private static IEnumerable<string> DecodeEio4(string payload) => payload.Split('\u001e');

    private static IEnumerable<string> DecodeEio3(string payload) => DecodeLengthPrefixed(payload, position =>
    {
        var colon = payload.IndexOf(':', position);
        return (int.Parse(payload.AsSpan(position, colon - position), CultureInfo.InvariantCulture), colon + 1);
    });

    private static IEnumerable<string> DecodeSocketIO09(string payload)
    {
        if (!payload.StartsWith('\ufffd'))
        {
            return [payload];
        }

        return DecodeLengthPrefixed(payload, position =>
        {
            var end = payload.IndexOf('\ufffd', position + 1);
            return (int.Parse(payload.AsSpan(position + 1, end - position - 1), CultureInfo.InvariantCulture), end + 1);
        });
    }

    /// <summary>Splits a payload of length-prefixed packets; <paramref name="readHeader"/> returns the length and where the packet starts.</summary>
    private static List<string> DecodeLengthPrefixed(string payload, Func<int, (int Length, int Start)> readHeader)
    {
        var packets = new List<string>();
        for (var position = 0; position < payload.Length;)
        {
            var (length, start) = readHeader(position);
            packets.Add(payload.Substring(start, length));
            position = start + length;
        }

        return packets;
    }

    private static string ReadJsonString(string openPacket, string property)
    {
        using var document = System.Text.Json.JsonDocument.Parse(openPacket[1..]);
        return document.RootElement.GetProperty(property).GetString()!;
    }
}
