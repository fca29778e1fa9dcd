using System.Net;
using System.Net.Security;
using Tusk.SocketIO.Legacy;
using Tusk.SocketIO.Sessions;

namespace Tusk.SocketIO.Tests.Unit;

/// <summary>
/// Every Socket.IO session, socket.io 0.9 included, takes its transports' connection settings from one mapping of
/// <see cref="SocketIoClientOptions.Connection"/>, and never changes the caller's options.
/// </summary>
public sealed class ConnectionMappingTests
{
    private static readonly Uri Server = new("https://127.0.0.1:14000/");

    private static SocketIoClientOptions Options() => new()
    {
        Cookies = new CookieContainer(),
        UserAgent = "agent/1",
        AddCorsHeaders = true,
        KeepAlive = true,
        Proxy = new Uri("http://127.0.0.1:3128"),
        DangerousAcceptAnyServerCertificate = true,
        ClientCertificates = [],
        ExtraHeaders = { ["X-Tenant"] = "a" },
    };

    [Test]
    public void Engine_io_and_0_9_sessions_configure_their_transports_alike()
    {
        var options = Options();
        var engine = EngineIoSessionFactory.CreateEngineOptions(Server, options).Connection;
        var legacy = new LegacySessionFactory(Server, options);

        var pollings = new[] { engine.CreatePollingOptions(), legacy.CreatePollingOptions(TimeSpan.FromSeconds(30)) };
        var webSockets = new[] { engine.CreateWebSocketOptions(), legacy.CreateWebSocketOptions() };

        Assert.Multiple(() =>
        {
            foreach (var polling in pollings)
            {
                Assert.That(polling.Cookies, Is.SameAs(options.Cookies));
                Assert.That((polling.UserAgent, polling.Origin, polling.Referer), Is.EqualTo(("agent/1", "https://127.0.0.1:14000", "https://127.0.0.1:14000/")));
                Assert.That(polling.Proxy, Is.EqualTo(options.Proxy));
                Assert.That(polling.ClientCertificates, Is.SameAs(options.ClientCertificates));
                Assert.That(polling.Headers, Is.EqualTo(new[] { KeyValuePair.Create("X-Tenant", "a") }));
                Assert.That(polling.RemoteCertificateValidationCallback!(this, null, null, SslPolicyErrors.RemoteCertificateNameMismatch), Is.True);
            }

            foreach (var webSocket in webSockets)
            {
                Assert.That(webSocket.Cookies, Is.SameAs(options.Cookies));
                Assert.That(webSocket.Headers, Is.EqualTo(new[]
                {
                    KeyValuePair.Create("X-Tenant", "a"), KeyValuePair.Create("User-Agent", "agent/1"),
                    KeyValuePair.Create("Origin", "https://127.0.0.1:14000"), KeyValuePair.Create("Referer", "https://127.0.0.1:14000/"),
                }));
                Assert.That(webSocket.Proxy, Is.EqualTo(options.Proxy));
                Assert.That(webSocket.RemoteCertificateValidationCallback!(this, null, null, SslPolicyErrors.RemoteCertificateNameMismatch), Is.True);
            }
        });
    }

    [Test]
    public void Opening_a_session_leaves_the_callers_connection_settings_alone()
    {
        var options = Options();

        var engine = EngineIoSessionFactory.CreateEngineOptions(Server, options);
        engine.ExtraHeaders["X-Other"] = "b";

        Assert.Multiple(() =>
        {
            Assert.That(engine.Connection, Is.Not.SameAs(options.Connection));
            Assert.That(options.Origin, Is.Null, "AddCorsHeaders fills the session's copy only");
            Assert.That(options.ExtraHeaders.Keys, Is.EqualTo(new[] { "X-Tenant" }));
        });
    }

    [Test]
    public void Socket_io_options_members_read_and_write_the_nested_connection()
    {
        var options = new SocketIoClientOptions { DangerousAcceptAnyServerCertificate = true, Referer = "r" };
        options.ExtraHeaders["X-Tenant"] = "a";

        Assert.Multiple(() =>
        {
            Assert.That(options.Connection.DangerousAcceptAnyServerCertificate, Is.True);
            Assert.That(options.Connection.Referer, Is.EqualTo("r"));
            Assert.That(options.Connection.Headers["X-Tenant"], Is.EqualTo("a"));
            Assert.Throws<ArgumentNullException>(() => options.Connection = null!);
        });
    }
}
