using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Tusk.EngineIO.Tests.Session;

/// <summary>
/// <see cref="EngineIoConnectionOptions"/> is the one place the connection settings live: both transports' options come
/// from it, and <see cref="EngineIoClientOptions"/> nests it (<see cref="EngineIoClientOptions.Connection"/>) rather
/// than repeating its members.
/// </summary>
public sealed class ConnectionOptionsTests
{
    private static EngineIoConnectionOptions Full(out CookieContainer jar, out X509CertificateCollection certificates,
        out RemoteCertificateValidationCallback callback, out FakeTimeProvider clock)
    {
        jar = new CookieContainer();
        certificates = [];
        callback = static (_, _, _, _) => false;
        clock = new FakeTimeProvider();
        return new EngineIoConnectionOptions
        {
            Headers = { ["X-Tenant"] = "a" },
            Cookies = jar,
            UserAgent = "agent/1",
            Origin = "http://origin.test",
            Referer = "http://origin.test/page",
            KeepAlive = false,
            Proxy = new Uri("http://127.0.0.1:3128"),
            RemoteCertificateValidationCallback = callback,
            ClientCertificates = certificates,
            LoggerFactory = NullLoggerFactory.Instance,
            TimeProvider = clock,
        };
    }

    [Test]
    public void Polling_options_carry_every_connection_setting()
    {
        var connection = Full(out var jar, out var certificates, out var callback, out var clock);

        var polling = connection.CreatePollingOptions();

        Assert.Multiple(() =>
        {
            Assert.That(polling.Headers, Is.EqualTo(new[] { KeyValuePair.Create("X-Tenant", "a") }));
            Assert.That(polling.Cookies, Is.SameAs(jar));
            Assert.That((polling.UserAgent, polling.Origin, polling.Referer), Is.EqualTo(("agent/1", "http://origin.test", "http://origin.test/page")));
            Assert.That(polling.KeepAlive, Is.False);
            Assert.That(polling.Proxy, Is.EqualTo(new Uri("http://127.0.0.1:3128")));
            Assert.That(polling.RemoteCertificateValidationCallback, Is.SameAs(callback));
            Assert.That(polling.ClientCertificates, Is.SameAs(certificates));
            Assert.That(polling.LoggerFactory, Is.SameAs(NullLoggerFactory.Instance));
            Assert.That(polling.TimeProvider, Is.SameAs(clock));
        });
    }

    [Test]
    public void WebSocket_options_carry_every_connection_setting()
    {
        var connection = Full(out var jar, out var certificates, out var callback, out var clock);

        var webSocket = connection.CreateWebSocketOptions();

        Assert.Multiple(() =>
        {
            Assert.That(webSocket.Headers, Is.EqualTo(new[]
            {
                KeyValuePair.Create("X-Tenant", "a"), KeyValuePair.Create("User-Agent", "agent/1"),
                KeyValuePair.Create("Origin", "http://origin.test"), KeyValuePair.Create("Referer", "http://origin.test/page"),
            }));
            Assert.That(webSocket.Cookies, Is.SameAs(jar));
            Assert.That(webSocket.Proxy, Is.EqualTo(new Uri("http://127.0.0.1:3128")));
            Assert.That(webSocket.RemoteCertificateValidationCallback, Is.SameAs(callback));
            Assert.That(webSocket.ClientCertificates, Is.SameAs(certificates));
            Assert.That(webSocket.LoggerFactory, Is.SameAs(NullLoggerFactory.Instance));
            Assert.That(webSocket.TimeProvider, Is.SameAs(clock));
        });
    }

    [Test]
    public void A_named_header_option_replaces_a_header_entry_of_the_same_name_on_both_transports()
    {
        var connection = new EngineIoConnectionOptions { Headers = { ["user-agent"] = "from-headers" }, UserAgent = "from-option" };

        var webSocket = connection.CreateWebSocketOptions();

        Assert.That(webSocket.Headers, Is.EqualTo(new[] { KeyValuePair.Create("User-Agent", "from-option") }),
            "one User-Agent line, the option's, as PollingChannel sends on polling requests");
    }

    [Test]
    public void Accepting_any_certificate_gives_both_transports_one_callback_that_accepts_a_chain_error()
    {
        var connection = new EngineIoConnectionOptions
        {
            DangerousAcceptAnyServerCertificate = true,
            RemoteCertificateValidationCallback = static (_, _, _, _) => false,
        };

        var polling = connection.CreatePollingOptions().RemoteCertificateValidationCallback;
        var webSocket = connection.CreateWebSocketOptions().RemoteCertificateValidationCallback;

        Assert.Multiple(() =>
        {
            Assert.That(polling, Is.Not.Null.And.SameAs(webSocket));
            Assert.That(polling!(this, null, null, SslPolicyErrors.RemoteCertificateChainErrors), Is.True);
        });
    }

    [Test]
    public void Client_options_nest_the_connection_settings_instead_of_repeating_them()
    {
        var connectionSettings = typeof(EngineIoConnectionOptions).GetProperties().Select(p => p.Name).Append("ExtraHeaders");
        var clientSettings = typeof(EngineIoClientOptions).GetProperties().Select(p => p.Name);

        Assert.That(clientSettings.Intersect(connectionSettings), Is.Empty,
            "a connection setting has one home on the Engine.IO options: EngineIoClientOptions.Connection");
    }

    [Test]
    public void Client_options_hold_their_own_connection_settings_and_refuse_none()
    {
        var first = new EngineIoClientOptions();
        var second = new EngineIoClientOptions();
        var clock = new FakeTimeProvider();
        first.Connection.TimeProvider = clock;

        Assert.Multiple(() =>
        {
            Assert.That(first.Connection, Is.Not.SameAs(second.Connection));
            Assert.That(second.Connection.TimeProvider, Is.SameAs(TimeProvider.System));
            Assert.Throws<ArgumentNullException>(() => first.Connection = null!);
            Assert.Throws<ArgumentNullException>(() => first.Connection.TimeProvider = null!);
            Assert.That(first.Connection.TimeProvider, Is.SameAs(clock));
        });
    }

    [Test]
    public void A_clone_has_its_own_headers()
    {
        var connection = new EngineIoConnectionOptions { Headers = { ["X-Tenant"] = "a" }, UserAgent = "agent/1" };

        var copy = connection.Clone();
        copy.Headers["X-Tenant"] = "b";
        copy.UserAgent = "agent/2";

        Assert.Multiple(() =>
        {
            Assert.That(connection.Headers["X-Tenant"], Is.EqualTo("a"));
            Assert.That(connection.UserAgent, Is.EqualTo("agent/1"));
            Assert.That(copy.Headers["x-tenant"], Is.EqualTo("b"), "the copy's headers stay case-insensitive");
        });
    }
}
