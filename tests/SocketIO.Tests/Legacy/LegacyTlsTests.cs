using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Tusk.Testing;

namespace Tusk.SocketIO.Tests.Legacy;

/// <summary>socket.io 0.9 over HTTPS and WSS with a certificate made for the test.</summary>
[TestFixture]
[Parallelizable(ParallelScope.Fixtures)]
public sealed class LegacyTlsTests
{
    private X509Certificate2 _certificate = null!;
    private NodeServer _server = null!;
    private Uri _serverUri = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        // An ECDSA P-256 key: generating an RSA 2048 key took 0.1-0.7 CPU-s, this one about a millisecond.
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        _certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        // A server of this fixture's own (its certificate is fresh) in the test servers' host process: it stops with the shared servers.
        _server = await TestServers.StartOwnAsync("sio-v0", new { tls = new { key = key.ExportPkcs8PrivateKeyPem(), cert = _certificate.ExportCertificatePem() } });
        _serverUri = new Uri($"https://127.0.0.1:{_server.Port}/");
    }

    [OneTimeTearDown]
    public void DisposeCertificate() => _certificate.Dispose();

    private bool TrustsOnlyTheTestCertificate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors) =>
        certificate is not null && certificate.GetCertHashString() == _certificate.GetCertHashString();

    [TestCase("polling")]
    [TestCase("websocket")]
    public async Task ConnectsWithACertificateCallback(string transport)
    {
        await using var client = LegacyServers.CreateClient(_serverUri, transport, options => options.RemoteCertificateValidationCallback = TrustsOnlyTheTestCertificate);

        await client.ConnectAsync().WaitAsync(LegacyServers.Timeout);
        var ack = await client.EmitWithAckAsync<string>("ack-echo", "over tls").WaitAsync(LegacyServers.Timeout);

        Assert.That(ack, Is.EqualTo("over tls"));
        Assert.That(client.TransportName, Is.EqualTo(transport));
    }

    [TestCase("polling")]
    [TestCase("websocket")]
    public async Task ConnectsToAnUntrustedCertificateOnlyWhenAnyCertificateIsAccepted(string transport)
    {
        await using var client = LegacyServers.CreateClient(_serverUri, transport, options => options.DangerousAcceptAnyServerCertificate = true);

        await client.ConnectAsync().WaitAsync(LegacyServers.Timeout);

        Assert.That(await client.EmitWithAckAsync<string>("ack-echo", "any certificate").WaitAsync(LegacyServers.Timeout), Is.EqualTo("any certificate"));
    }

    [TestCase("polling")]
    [TestCase("websocket")]
    public async Task AnUntrustedCertificateFailsTheConnection(string transport)
    {
        await using var client = LegacyServers.CreateClient(_serverUri, transport, options => options.Reconnection = false);

        Assert.That(async () => await client.ConnectAsync().WaitAsync(LegacyServers.Timeout), Throws.InstanceOf<SocketIoConnectException>());
    }
}
