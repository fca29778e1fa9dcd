using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using static Tusk.Transport.WebSocket.Tests.Hostile.RawPeer;

namespace Tusk.Transport.WebSocket.Tests.Hostile;

/// <summary>wss:// over a local TLS server with a throwaway certificate, and the HTTP CONNECT proxy path.</summary>
[Parallelizable(ParallelScope.Fixtures)]
public class TlsAndProxyTests
{
    private static readonly Lazy<X509Certificate2> s_certificate = new(CreateCertificate);

    [Test]
    public async Task An_untrusted_certificate_is_rejected_by_default()
    {
        await using var server = new HostileServer();
        // The throwaway certificate first: generating its key on a loaded machine must not eat the client's connect timeout.
        var certificate = s_certificate.Value;
        var connecting = WebSocketClient.ConnectAsync(new Uri($"wss://localhost:{server.Port}/"));
        var accepting = server.AcceptTlsAsync(certificate);
        await HostileAssert.FailsWithAsync<AuthenticationException>(connecting);
        Assert.That(async () => await accepting, Throws.Exception);
    }

    [Test]
    public async Task A_validation_callback_can_accept_the_certificate_and_SNI_carries_the_target_host()
    {
        await using var server = new HostileServer();
        X509Certificate? seen = null;
        var options = new WebSocketClientOptions
        {
            TargetHost = "tusk.test",
            CloseTimeout = TimeSpan.FromMilliseconds(500),
            RemoteCertificateValidationCallback = (_, certificate, _, _) =>
            {
                seen = certificate;
                return true;
            },
        };
        var certificate = s_certificate.Value; // before the client starts its connect timeout, as above
        var connecting = WebSocketClient.ConnectAsync(new Uri($"wss://127.0.0.1:{server.Port}/secure"), options);
        var (peer, serverName) = await server.AcceptTlsAsync(certificate);
        await using (peer)
        {
            await peer.SendUpgradeAsync(trailing: Text("over tls"));
            await using var client = await connecting.WaitAsync(Patience);
            using var message = await client.ReceiveAsync().AsTask().WaitAsync(Patience);
            Assert.Multiple(() =>
            {
                Assert.That(message.GetText(), Is.EqualTo("over tls"));
                Assert.That(serverName, Is.EqualTo("tusk.test"));
                Assert.That(seen?.Subject, Is.EqualTo("CN=tusk.test"));
                Assert.That(peer.RequestText, Does.StartWith("GET /secure HTTP/1.1"));
            });
        }
    }

    [Test]
    public async Task Tunnels_through_an_http_connect_proxy_with_basic_credentials()
    {
        await using var proxy = new HostileServer();
        var target = new Uri("ws://backend.test:8123/chat");
        var options = new WebSocketClientOptions { Proxy = new Uri($"http://user:secret@127.0.0.1:{proxy.Port}/"), CloseTimeout = TimeSpan.FromMilliseconds(500) };
        var connecting = WebSocketClient.ConnectAsync(target, options);

        // The fake proxy checks the CONNECT request, says yes, and then plays the WebSocket server itself.
        await using var peer = await proxy.AcceptAsync();
        var connectRequest = peer.RequestText;
        var authorization = peer.RequestHeaders["Proxy-Authorization"];
        await peer.SendRawAsync("HTTP/1.1 200 Connection established\r\n\r\n");
        await peer.ReadRequestAsync();
        await peer.SendUpgradeAsync();
        await using var client = await connecting.WaitAsync(Patience);
        Assert.Multiple(() =>
        {
            Assert.That(connectRequest, Does.StartWith("CONNECT backend.test:8123 HTTP/1.1\r\n"));
            Assert.That(authorization, Is.EqualTo("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("user:secret"))));
            Assert.That(peer.RequestText, Does.StartWith("GET /chat HTTP/1.1"));
            Assert.That(peer.RequestHeaders["Host"], Is.EqualTo("backend.test:8123"));
            Assert.That(client.State, Is.EqualTo(WebSocketConnectionState.Open));
        });
    }

    [Test]
    public async Task A_proxy_refusal_reports_the_proxy_status()
    {
        await using var proxy = new HostileServer();
        var connecting = WebSocketClient.ConnectAsync(new Uri("ws://backend.test/"), new WebSocketClientOptions { Proxy = new Uri($"http://127.0.0.1:{proxy.Port}/") });
        await using var peer = await proxy.AcceptAsync();
        await peer.SendRawAsync("HTTP/1.1 407 Proxy Authentication Required\r\nContent-Length: 4\r\n\r\nauth");
        var failure = await HostileAssert.FailsWithAsync<WebSocketHandshakeException>(connecting);
        Assert.Multiple(() =>
        {
            Assert.That(failure.StatusCode, Is.EqualTo(407));
            Assert.That(failure.ResponseBody, Is.EqualTo("auth"));
        });
    }

    private static X509Certificate2 CreateCertificate()
    {
        // An ECDSA P-256 key: generating an RSA 2048 key took 0.1-0.7 CPU-s, this one about a millisecond.
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=tusk.test", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("tusk.test");
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));

        // Round-trip through PFX so the private key is usable by SslStream on every platform.
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pfx), null);
    }
}
