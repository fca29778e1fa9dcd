using System.Net.Http.Json;
using System.Text.Json;
using Tusk.Testing;

namespace Tusk.SocketIO.Tests.Integration;

/// <summary>
/// An <c>http-proxy</c> test server of the test's own (a real forwarding and CONNECT proxy in Node.js) and what it
/// recorded: forwarded requests, CONNECT tunnels and, with <c>captureFrames</c>, the WebSocket frames inside the tunnels.
/// It runs in the test servers' host process (<see cref="TestServers.StartOwnAsync"/>): 13 tests start one, and a process
/// each cost about 0.2 CPU-s apiece. It stops with the shared servers; disposing it does nothing.
/// </summary>
internal sealed class RecordingProxy : IAsyncDisposable
{
    public const string User = "tusk";
    public const string Password = "pr0xy-s3cret";

    private readonly NodeServer _server;

    private RecordingProxy(NodeServer server, bool withCredentials)
    {
        _server = server;
        Uri = withCredentials ? new UriBuilder(server.HttpUri) { UserName = User, Password = Password }.Uri : server.HttpUri;
    }

    /// <summary>The proxy address to give the client (with the credentials when the proxy requires them).</summary>
    public Uri Uri { get; }

    /// <summary>The proxy address without credentials.</summary>
    public Uri Address => _server.HttpUri;

    public static async Task<RecordingProxy> StartAsync(bool requireAuth = true, bool captureFrames = false)
    {
        var server = await TestServers.StartOwnAsync("http-proxy", new { auth = requireAuth ? User + ":" + Password : null, captureFrames });
        return new RecordingProxy(server, requireAuth);
    }

    /// <summary>What went through the proxy so far (asked from the proxy itself, directly, not through a proxy).</summary>
    public async Task<ProxyLog> LogAsync()
    {
        using var handler = new SocketsHttpHandler { UseProxy = false };
        using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(10) };
        var log = await http.GetFromJsonAsync<JsonElement>(new Uri(_server.HttpUri, "/__tusk/log"));
        return new ProxyLog(log);
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}

/// <summary>The proxy's record.</summary>
internal sealed class ProxyLog(JsonElement log)
{
    /// <summary>URLs of requests forwarded in absolute form (plain-http polling).</summary>
    public IReadOnlyList<string> ForwardedUrls { get; } = [.. log.GetProperty("requests").EnumerateArray().Select(r => r.GetProperty("url").GetString()!)];

    /// <summary>Requests refused for missing or wrong credentials.</summary>
    public int Refused { get; } = log.GetProperty("refused").GetArrayLength();

    public IReadOnlyList<JsonElement> Tunnels { get; } = [.. log.GetProperty("tunnels").EnumerateArray()];

    /// <summary>The frames of every tunnel, in order.</summary>
    public IEnumerable<Frame> Frames => Tunnels.SelectMany(t => t.GetProperty("frames").EnumerateArray().Select(f => new Frame(
        f.GetProperty("direction").GetString()!,
        f.GetProperty("rsv1").GetBoolean(),
        f.GetProperty("opcode").GetInt32(),
        f.GetProperty("length").GetInt32(),
        f.TryGetProperty("text", out var text) ? text.GetString() : null)));

    public override string ToString() => log.GetRawText();

    /// <summary>One WebSocket frame: who sent it, its RSV1 (compression) bit, opcode, payload length, and for an uncompressed text frame the start of its text.</summary>
    public sealed record Frame(string Direction, bool Rsv1, int Opcode, int Length, string? Text);
}
