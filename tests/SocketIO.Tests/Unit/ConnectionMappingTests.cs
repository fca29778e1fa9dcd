using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Tusk.EngineIO;
using Tusk.SocketIO.Legacy;
using Tusk.SocketIO.Sessions;
using Tusk.Transport.WebSocket;

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
        SocketCompletions = SocketCompletionMode.Inline,
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
                Assert.That(webSocket.SocketCompletions, Is.EqualTo(SocketCompletionMode.Inline));
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
        engine.Connection.Headers["X-Other"] = "b";

        Assert.Multiple(() =>
        {
            Assert.That(engine.Connection, Is.Not.SameAs(options.Connection));
            Assert.That(options.Origin, Is.Null, "AddCorsHeaders fills the session's copy only");
            Assert.That(options.ExtraHeaders.Keys, Is.EqualTo(new[] { "X-Tenant" }));
        });
    }

    /// <summary>The flat names <see cref="SocketIoClientOptions"/> keeps for the connection settings (the documented
    /// surface, the DI configuration keys, Elephant.io's option names): every setting of
    /// <see cref="EngineIoConnectionOptions"/>, <c>Headers</c> under the name <c>ExtraHeaders</c>.</summary>
    private static readonly string[] FlatConnectionSettings =
    [
        "ExtraHeaders", "Cookies", "UserAgent", "Origin", "Referer", "KeepAlive", "Proxy", "HttpMessageHandler", "HttpClient",
        "RemoteCertificateValidationCallback", "ClientCertificates", "DangerousAcceptAnyServerCertificate", "LoggerFactory",
        "MeterFactory", "PropagateTraceContext", "SocketCompletions", "TimeProvider",
    ];

    [Test]
    public void Every_connection_setting_has_its_flat_name_on_the_socket_io_options()
    {
        var connectionSettings = typeof(EngineIoConnectionOptions).GetProperties().Select(p => p.Name == "Headers" ? "ExtraHeaders" : p.Name);

        Assert.That(FlatConnectionSettings, Is.EquivalentTo(connectionSettings));
    }

    [TestCaseSource(nameof(FlatConnectionSettings))]
    public void A_flat_connection_setting_reads_and_writes_the_nested_connection(string name)
    {
        var flat = typeof(SocketIoClientOptions).GetProperty(name)!;
        var nested = typeof(EngineIoConnectionOptions).GetProperty(name == "ExtraHeaders" ? "Headers" : name)!;
        var options = new SocketIoClientOptions();
        using var handler = new HttpClientHandler();
        using var client = new HttpClient(handler, disposeHandler: false);
        var value = SampleValue(nested.PropertyType, nested.GetValue(options.Connection), handler, client);

        flat.SetValue(options, value);
        var readBack = nested.GetValue(options.Connection);
        options.Connection = new EngineIoConnectionOptions();
        nested.SetValue(options.Connection, value);

        Assert.Multiple(() =>
        {
            Assert.That(readBack, Is.EqualTo(value), "written through the flat name, read on Connection");
            Assert.That(flat.GetValue(options), Is.EqualTo(value), "written on a new Connection, read through the flat name");
        });
    }

    // A value of the setting's type that differs from its default.
    private static object SampleValue(Type type, object? current, HttpMessageHandler handler, HttpClient client) => type switch
    {
        _ when type == typeof(bool) => !(bool)current!,
        _ when type == typeof(string) => "value/1",
        _ when type == typeof(Uri) => new Uri("http://127.0.0.1:3128"),
        _ when type == typeof(IDictionary<string, string>) => new Dictionary<string, string> { ["X-Tenant"] = "a" },
        _ when type == typeof(CookieContainer) => new CookieContainer(),
        _ when type == typeof(HttpMessageHandler) => handler,
        _ when type == typeof(HttpClient) => client,
        _ when type == typeof(RemoteCertificateValidationCallback) => new RemoteCertificateValidationCallback(static (_, _, _, _) => true),
        _ when type == typeof(X509CertificateCollection) => new X509CertificateCollection(),
        _ when type == typeof(ILoggerFactory) => new NullLoggerFactory(),
        _ when type == typeof(TimeProvider) => new FakeTimeProvider(),
        _ when type == typeof(SocketCompletionMode) => SocketCompletionMode.ThreadPool,
        _ when type == typeof(System.Diagnostics.Metrics.IMeterFactory) => new Tusk.Testing.MeterRecorder(),
        _ => throw new ArgumentException($"No sample value for {type}: add one."),
    };

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
