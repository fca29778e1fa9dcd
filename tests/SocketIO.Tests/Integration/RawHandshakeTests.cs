using System.Text.Json;
using System.Text.RegularExpressions;
using Tusk.Testing;

namespace Tusk.SocketIO.Tests.Integration;

/// <summary>
/// Reaches every pinned socket.io server version over loopback with plain HTTP, proving the test servers run and
/// answer each protocol revision's handshake in the documented form.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.Fixtures)]
public sealed partial class RawHandshakeTests
{
    private HttpClient _http = null!;

    [OneTimeSetUp]
    public void CreateClient() => _http = LoopbackHttp.CreateClient();

    [OneTimeTearDown]
    public void DisposeClient() => _http.Dispose();

    [TestCase("sio-v3", false)]
    [TestCase("sio-v4", true)]
    public async Task Eio4Handshake_AnswersOpenPacket(string module, bool expectMaxPayload)
    {
        var server = await TestServers.GetSharedAsync(module);

        var body = await GetStringAsync(server, "socket.io/?EIO=4&transport=polling");

        Assert.That(body, Does.StartWith("0{"));
        using var open = JsonDocument.Parse(body[1..]);
        var root = open.RootElement;
        Assert.Multiple(() =>
        {
            Assert.That(root.GetProperty("sid").GetString(), Is.Not.Empty);
            Assert.That(root.GetProperty("pingInterval").GetInt32(), Is.EqualTo(25000));
            Assert.That(root.GetProperty("upgrades").EnumerateArray().Select(e => e.GetString()), Is.EqualTo(new[] { "websocket" }));
            Assert.That(root.TryGetProperty("maxPayload", out _), Is.EqualTo(expectMaxPayload));
        });
    }

    [TestCase("sio-v1", "socket.io/?EIO=3&transport=polling&b64=1")]
    [TestCase("sio-v2", "socket.io/?EIO=3&transport=polling")]
    public async Task Eio3Handshake_AnswersLengthPrefixedOpenPacket(string module, string pathAndQuery)
    {
        var server = await TestServers.GetSharedAsync(module);

        var body = await GetStringAsync(server, pathAndQuery);

        var match = Eio3FirstPacket().Match(body);
        Assert.That(match.Success, Is.True, body);
        var length = int.Parse(match.Groups["length"].Value, System.Globalization.CultureInfo.InvariantCulture);
        var packet = body.Substring(match.Groups["packet"].Index, length);
        Assert.That(packet, Does.StartWith("0{").And.EndWith("}"));
        using var open = JsonDocument.Parse(packet[1..]);
        Assert.Multiple(() =>
        {
            Assert.That(open.RootElement.GetProperty("sid").GetString(), Is.Not.Empty);
            Assert.That(open.RootElement.GetProperty("pingInterval").GetInt32(), Is.EqualTo(25000));
            Assert.That(open.RootElement.TryGetProperty("maxPayload", out _), Is.False);
        });
    }

    [Test]
    public async Task Socketio09Handshake_AnswersSidHeartbeatCloseTransports()
    {
        var server = await TestServers.GetSharedAsync("sio-v0");

        var body = await GetStringAsync(server, "socket.io/1/?t=1");

        var fields = body.Split(':');
        Assert.That(fields, Has.Length.EqualTo(4), body);
        Assert.Multiple(() =>
        {
            Assert.That(fields[0], Is.Not.Empty);
            Assert.That(fields[1], Is.EqualTo("60"));
            Assert.That(fields[2], Is.EqualTo("60"));
            Assert.That(fields[3].Split(','), Does.Contain("websocket").And.Contain("xhr-polling"));
        });
    }

    [Test]
    public async Task ServerOptions_ArePassedToTheServer()
    {
        var server = await TestServers.GetSharedAsync("sio-v4", new { pingInterval = 12345, pingTimeout = 6789, path = "/custom-path" });

        var body = await GetStringAsync(server, "custom-path/?EIO=4&transport=polling");

        using var open = JsonDocument.Parse(body[1..]);
        Assert.Multiple(() =>
        {
            Assert.That(open.RootElement.GetProperty("pingInterval").GetInt32(), Is.EqualTo(12345));
            Assert.That(open.RootElement.GetProperty("pingTimeout").GetInt32(), Is.EqualTo(6789));
            Assert.That(server.Extra.GetProperty("path").GetString(), Is.EqualTo("/custom-path"));
        });
    }

    [Test]
    public async Task Socketio09ServerOptions_AreMappedToSeconds()
    {
        var server = await TestServers.GetSharedAsync("sio-v0", new { pingTimeout = 30000, closeTimeout = 40000 });

        var body = await GetStringAsync(server, "socket.io/1/?t=1");

        Assert.That(body.Split(':')[1..3], Is.EqualTo(new[] { "30", "40" }));
    }

    private async Task<string> GetStringAsync(NodeServer server, string pathAndQuery)
    {
        using var response = await _http.GetAsync(new Uri(server.HttpUri, pathAndQuery));
        var body = await response.Content.ReadAsStringAsync();
        Assert.That((int)response.StatusCode, Is.EqualTo(200), body);
        return body;
    }

    [GeneratedRegex(@"^(?<length>\d+):(?<packet>0\{)")]
    private static partial Regex Eio3FirstPacket();
}
