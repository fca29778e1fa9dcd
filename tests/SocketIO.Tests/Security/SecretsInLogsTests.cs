using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Tusk.Testing;

namespace Tusk.SocketIO.Tests.Security;

/// <summary>
/// With Trace logging on, a whole session (connect, a namespace, emits, acks, events, disconnect) and its failures
/// (server unreachable, server error page) in every transport setup leave no secret in any log line, structured value,
/// scope or exception message, inner exceptions included: not the URL's user-info password, not query values, not the
/// auth payload, not header values, not cookies, not event or ack payloads.
/// </summary>
[Parallelizable(ParallelScope.All)]
public sealed class SecretsInLogsTests
{
    private const string Password = "PASSWORD-1x";
    private const string ApiKey = "APIKEY-2x";
    private const string Token = "TOKEN-3x";
    private const string AuthToken = "AUTH-4x";
    private const string HeaderValue = "HEADER-5x";
    private const string CookieValue = "COOKIE-6x";
    private const string Payload = "PAYLOAD-7x";
    private static readonly string[] Secrets = [Password, ApiKey, Token, AuthToken, HeaderValue, CookieValue, Payload];
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    public static IEnumerable<TestCaseData> Modes()
    {
        yield return new TestCaseData("sio-v4", new[] { "polling" }).SetArgDisplayNames("polling");
        yield return new TestCaseData("sio-v4", new[] { "websocket" }).SetArgDisplayNames("websocket");
        yield return new TestCaseData("sio-v4", new[] { "polling", "websocket" }).SetArgDisplayNames("upgrade");
        yield return new TestCaseData("sio-v0", new[] { "polling" }).SetArgDisplayNames("0.9 fallback, polling");
        yield return new TestCaseData("sio-v0", new[] { "websocket" }).SetArgDisplayNames("0.9 fallback, websocket");
    }

    [TestCaseSource(nameof(Modes))]
    public async Task A_whole_session_logs_no_secret(string module, string[] transports)
    {
        var server = await TestServers.GetSharedAsync(module);
        using var logs = new TextCapturingLoggerProvider();
        using var loggerFactory = LoggerFactory.Create(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Trace));
        var uri = SecretUri(server.Port);
        var options = SecretOptions(uri, transports, loggerFactory, withAuth: module != "sio-v0");

        await using (var client = new SocketIoClient(uri, options))
        {
            var echoed = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
            client.On("echo", e => echoed.TrySetResult(e.GetValue<string>()));
            await client.ConnectAsync().WaitAsync(Timeout);
            await client.Of("/admin").ConnectAsync().WaitAsync(Timeout);
            await client.EmitAsync("echo", Payload).WaitAsync(Timeout);
            Assert.That(await echoed.Task.WaitAsync(Timeout), Is.EqualTo(Payload));

            // Upgrade setups: ack round trips until the session moved to WebSocket, so the upgrade's log lines are in.
            for (var i = 0; i < 100 && transports.Length > 1 && client.TransportName != "websocket"; i++)
            {
                Assert.That(await client.EmitWithAckAsync<string>("ack-echo", Payload + i).WaitAsync(Timeout), Is.EqualTo(Payload + i));
            }

            Assert.That(client.TransportName, Is.EqualTo(transports.Length > 1 || transports[0] == "websocket" ? "websocket" : "polling"));
            await client.DisconnectAsync().WaitAsync(Timeout);
        }

        Assert.That(logs.Entries, Is.Not.Empty);
        Assert.That(logs.Entries, Has.Some.Contains("apikey=***").Or.Some.Contains("token=***"), "the URL is logged, redacted");
        AssertNoSecret(logs.Entries, []);
    }

    [TestCaseSource(nameof(Modes))]
    public async Task An_unreachable_server_leaves_no_secret_in_logs_or_exceptions(string module, string[] transports)
    {
        using var logs = new TextCapturingLoggerProvider();
        using var loggerFactory = LoggerFactory.Create(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Trace));
        var uri = SecretUri(UnusedPort());
        var options = SecretOptions(uri, transports, loggerFactory, withAuth: module != "sio-v0");
        await using var client = new SocketIoClient(uri, options);

        var error = Assert.CatchAsync<Exception>(() => client.ConnectAsync().WaitAsync(Timeout));

        Assert.That(error, Is.InstanceOf<SocketIoConnectException>());
        AssertNoSecret(logs.Entries, Messages(error!));
    }

    [TestCaseSource(nameof(Modes))]
    public async Task A_server_error_page_leaves_no_secret_in_logs_or_exceptions(string module, string[] transports)
    {
        var server = await TestServers.GetSharedAsync("engineio-hostile");
        using var logs = new TextCapturingLoggerProvider();
        using var loggerFactory = LoggerFactory.Create(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Trace));
        var uri = SecretUri(server.Port);
        var options = SecretOptions(uri, transports, loggerFactory, withAuth: module != "sio-v0");
        options.Query["hostile"] = "html-error";
        await using var client = new SocketIoClient(uri, options);

        var error = Assert.CatchAsync<Exception>(() => client.ConnectAsync().WaitAsync(Timeout));

        Assert.That(error, Is.InstanceOf<SocketIoConnectException>());
        Assert.That(Messages(error!), Has.Some.Contains("500"));
        AssertNoSecret(logs.Entries, Messages(error!));
    }

    private static void AssertNoSecret(IEnumerable<string> logEntries, IEnumerable<string> exceptionMessages)
    {
        foreach (var secret in Secrets)
        {
            Assert.That(logEntries, Has.None.Contains(secret), $"a log line shows {secret}");
            Assert.That(exceptionMessages, Has.None.Contains(secret), $"an exception message shows {secret}");
        }
    }

    /// <summary>The exception's message and those of all its inner exceptions.</summary>
    private static List<string> Messages(Exception exception)
    {
        var messages = new List<string>();
        var pending = new Stack<Exception>([exception]);
        while (pending.TryPop(out var current))
        {
            messages.Add(current.Message);
            messages.Add(current.ToString());
            if (current is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions)
                {
                    pending.Push(inner);
                }
            }
            else if (current.InnerException is { } inner)
            {
                pending.Push(inner);
            }
        }

        return messages;
    }

    private static Uri SecretUri(int port) => new($"http://tuskuser:{Password}@127.0.0.1:{port}/?apikey={ApiKey}");

    private static SocketIoClientOptions SecretOptions(Uri uri, string[] transports, ILoggerFactory loggerFactory, bool withAuth)
    {
        var options = new SocketIoClientOptions
        {
            Transports = [.. transports],
            ConnectTimeout = TimeSpan.FromSeconds(10),
            Reconnection = false,
            LoggerFactory = loggerFactory,
            Cookies = new CookieContainer(),
        };
        options.Query["token"] = Token;
        options.ExtraHeaders["Authorization"] = "Bearer " + HeaderValue;
        options.Cookies.Add(new Uri($"http://127.0.0.1:{uri.Port}/"), new Cookie("session", CookieValue));
        if (withAuth)
        {
            options.Auth = new { token = AuthToken };
        }

        return options;
    }

    private static int UnusedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
