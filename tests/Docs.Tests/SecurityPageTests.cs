using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Tusk.EngineIO;
using Tusk.Extensions.DependencyInjection;
using Tusk.SocketIO;
using Tusk.Transport.Polling;
using Tusk.Transport.WebSocket;

namespace Tusk.Docs.Tests;

/// <summary>
/// The limits and deadlines tables of <c>docs/security.md</c> say what the code does: every default is read from the
/// code (options, and the fixed limits' constants), every DI key is bound from configuration, and every test class a
/// row names exists. A row without an entry here, or an entry without a row, fails, so neither can be added alone.
/// </summary>
[TestFixture]
public sealed partial class SecurityPageTests
{
    private const string Page = "docs/security.md";

    /// <summary>The default each row must show, computed from the code, by the row's first cell.</summary>
    private static readonly Dictionary<string, Func<string>> Defaults = new(StringComparer.Ordinal)
    {
        // Sizes and counts.
        ["WebSocket message size"] = () => Same(Bytes(new WebSocketClientOptions().MaxMessageSize), Bytes(new WebSocketConnectionOptions().MaxMessageSize)),
        ["Frames per WebSocket message"] = () => Same(
            Count(new WebSocketClientOptions().MaxFragmentsPerMessage),
            Count(new WebSocketConnectionOptions().MaxFragmentsPerMessage),
            Count(new EngineIoClientOptions().MaxFragmentsPerMessage),
            Count(new SocketIoClientOptions().MaxFragmentsPerMessage)),
        ["WebSocket handshake response head"] = () => Bytes(Constant<int>(typeof(WebSocketClient), "Tusk.Transport.WebSocket.Handshake.HttpHeadReader", "MaxHeadLength")),
        ["WebSocket control frame payload"] = () => Bytes(Constant<int>(typeof(WebSocketClient), "Tusk.Transport.WebSocket.Framing.FrameHeader", "MaxControlPayload")),
        ["WebSocket send buffer"] = () => Bytes(Constant<int>(typeof(WebSocketClient), "Tusk.Transport.WebSocket.Connection.FrameWriter", "BufferSize")),
        ["Polling response size"] = () => Bytes(new PollingClientOptions().MaxResponseSize),
        ["Incoming message, polling response or binary packet"] = () => Same(Bytes(new SocketIoClientOptions().MaxReceiveSize), Bytes(new EngineIoClientOptions().MaxReceiveSize)),
        ["Packets in one polling payload"] = () => Same(
            Count(Constant<int>(typeof(EngineIoClient), "Tusk.EngineIO.Protocol.PayloadFraming", "MaxPacketsPerPayload")),
            Count(Constant<int>(typeof(SocketIoClient), "Tusk.SocketIO.Legacy.LegacyPayloadFraming", "MaxPacketsPerPayload"))),
        ["Outgoing message"] = () => "the server's `maxPayload`",
        ["Messages waiting for `ReceiveAsync`"] = () => Count(new EngineIoClientOptions().ReceiveBufferCapacity),
        ["Bytes waiting for `ReceiveAsync`"] = () => Bytes(new EngineIoClientOptions().ReceiveBufferMaxBytes),
        ["Pongs waiting to be sent"] = () => "1",
        ["Messages queued for sending"] = () => Count(new EngineIoClientOptions().SendBufferCapacity),
        ["Attachments in one binary packet"] = () => Count(new SocketIoClientOptions().MaxAttachments),
        ["Pull buffer, events"] = () => Count(new SocketIoClientOptions().ReceiveBufferCapacity),
        ["Pull buffer, bytes"] = () => Bytes(new SocketIoClientOptions().ReceiveBufferMaxBytes),
        ["Each `ReadEventsAsync` stream"] = () => $"{Count(new SocketIoClientOptions().ReceiveBufferCapacity)} events, {Bytes(new SocketIoClientOptions().ReceiveBufferMaxBytes)}",
        ["socket.io 0.9 replies the server asks for (heartbeats, simple acks)"] = () =>
            $"1 heartbeat reply; {Count(new SocketIoClientOptions().SendBufferCapacity)} simple-ack replies and " +
            Bytes(Constant<long>(typeof(SocketIoClient), "Tusk.SocketIO.Legacy.LegacySession", "MaxPendingReplyBytes")),
        ["Emits buffered while disconnected"] = () => Count(new SocketIoClientOptions().SendBufferCapacity),
        ["Events waiting for their handlers, bytes"] = () => Bytes(new SocketIoClientOptions().HandlerQueueMaxBytes),
        ["Handlers waiting to run"] = () => Count(DefaultArgument<int>(typeof(SocketIoClient), "Tusk.SocketIO.Internal.HandlerDispatcher", "capacity")),

        // Deadlines.
        ["WebSocket connect (TCP, proxy tunnel, TLS, upgrade)"] = () => Seconds(new WebSocketClientOptions().ConnectTimeout),
        ["WebSocket close handshake"] = () => Same(Seconds(new WebSocketClientOptions().CloseTimeout), Seconds(new WebSocketConnectionOptions().CloseTimeout)),
        ["WebSocket keep-alive pong"] = () => Same(Seconds(new WebSocketClientOptions().KeepAliveTimeout), Seconds(new WebSocketConnectionOptions().KeepAliveTimeout)),
        ["Polling request, body included"] = () => Same(
            Seconds(new PollingClientOptions().RequestTimeout),
            Seconds(new EngineIoClientOptions().RequestTimeout),
            Seconds(new SocketIoClientOptions().RequestTimeout)),
        ["Engine.IO connect (handshake included)"] = () => Seconds(new EngineIoClientOptions().ConnectTimeout),
        ["Upgrade to WebSocket"] = () => Seconds(new EngineIoClientOptions().UpgradeTimeout),
        ["Heartbeat"] = () => "the server's `pingInterval + pingTimeout`",
        ["The server's `pingInterval` and `pingTimeout`, each"] = () => Seconds(Constant<TimeSpan>(typeof(EngineIoClient), "Tusk.EngineIO.Protocol.HandshakeParser", "MaxHeartbeatValue")),
        ["Engine.IO close"] = () => Seconds(Constant<TimeSpan>(typeof(EngineIoClient), "Tusk.EngineIO.EngineIoClient", "CloseTimeout")),
        ["Socket.IO connect (Engine.IO handshake and the namespace CONNECT)"] = () => Seconds(new SocketIoClientOptions().ConnectTimeout),
        ["Ack"] = () => new SocketIoClientOptions().AckTimeout is null ? "none" : "(AckTimeout has a default now: say which)",
    };

    private static IEnumerable<TestCaseData> Rows() => TableRows().Select(r => new TestCaseData(r).SetArgDisplayNames(r.Limit));

    [Test]
    public void Every_row_has_a_default_from_the_code_and_every_default_a_row()
    {
        var limits = TableRows().Select(r => r.Limit).ToList();

        Assert.That(limits, Is.Unique);
        Assert.That(limits, Is.EquivalentTo(Defaults.Keys), $"{Page}: the rows of the limits and deadlines tables and the defaults this test reads from the code");
    }

    [TestCaseSource(nameof(Rows))]
    public void The_default_is_the_codes(Row row)
    {
        Assert.That(Defaults.TryGetValue(row.Limit, out var expected), Is.True, $"{Page}: add \"{row.Limit}\" to {nameof(SecurityPageTests)}.{nameof(Defaults)}");
        Assert.That(row.Default, Is.EqualTo(expected!()), $"{Page}: the default of \"{row.Limit}\"");
    }

    [TestCaseSource(nameof(Rows))]
    public async Task The_DI_keys_are_bound_from_configuration(Row row)
    {
        foreach (var key in CodeSpans(row.DiKey))
        {
            var property = typeof(SocketIoClientOptions).GetProperty(key);
            Assert.That(property, Is.Not.Null, $"{Page}, \"{row.Limit}\": {key} is not a SocketIoClientOptions property");
            var (text, value) = Sample(property!.PropertyType);
            var services = new ServiceCollection();
            services.AddSocketIoClient("docs", o => o.ServerUri = new Uri("http://localhost:3000"))
                .Bind(new ConfigurationBuilder().AddInMemoryCollection([new(key, text)]).Build());
            await using var provider = services.BuildServiceProvider();

            var options = provider.GetRequiredService<IOptionsMonitor<SocketIoClientOptions>>().Get("docs");

            Assert.That(property.GetValue(options), Is.EqualTo(value), $"{Page}, \"{row.Limit}\": the configuration key {key}");
        }
    }

    [TestCaseSource(nameof(Rows))]
    public void The_tests_named_exist(Row row)
    {
        var names = CodeSpans(row.Tests);

        Assert.That(names, Is.Not.Empty, $"{Page}, \"{row.Limit}\": name the tests that prove the row");
        foreach (var name in names)
        {
            Assert.That(TestClasses.Value, Does.Contain(name), $"{Page}, \"{row.Limit}\": no class {name} under tests/");
        }
    }

    /// <summary>One row of the two tables: | Limit | Default | Option | DI key | Past the limit | Tests |.</summary>
    public sealed record Row(string Limit, string Default, string DiKey, string Tests)
    {
        public override string ToString() => Limit;
    }

    private static readonly Lazy<HashSet<string>> TestClasses = new(() =>
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(Path.Combine(Repository.Root, "tests"), "*.cs", SearchOption.AllDirectories))
        {
            if (file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ||
                file.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            {
                continue;
            }

            foreach (Match match in ClassDeclaration().Matches(File.ReadAllText(file)))
            {
                names.Add(match.Groups["name"].Value);
            }
        }

        return names;
    });

    private static List<Row> TableRows()
    {
        var rows = new List<Row>();
        var inTable = false;
        foreach (var line in MarkdownDocument.ReadLines(Page))
        {
            if (line.StartsWith("| Limit |", StringComparison.Ordinal) || line.StartsWith("| Deadline |", StringComparison.Ordinal))
            {
                inTable = true;
                continue;
            }

            if (!line.StartsWith('|'))
            {
                inTable = false;
                continue;
            }

            if (!inTable || line.StartsWith("|---", StringComparison.Ordinal))
            {
                continue;
            }

            var cells = line.Trim().Trim('|').Split(" | ").Select(c => c.Trim()).ToArray();
            Assert.That(cells, Has.Length.EqualTo(6), $"{Page}: a row of six cells: {line}");
            rows.Add(new Row(cells[0], cells[1], cells[3], cells[5]));
        }

        Assert.That(rows, Is.Not.Empty, $"{Page}: the limits and deadlines tables");
        return rows;
    }

    private static List<string> CodeSpans(string cell) => [.. CodeSpan().Matches(cell).Select(m => m.Groups[1].Value)];

    /// <summary>A configuration value for a key of this type, and what it must bind to (never the default).</summary>
    private static (string Text, object Value) Sample(Type type) => type switch
    {
        _ when type == typeof(int) => ("7", 7),
        _ when type == typeof(long) => ("7000", 7000L),
        _ when type == typeof(TimeSpan) || type == typeof(TimeSpan?) => ("00:00:07", TimeSpan.FromSeconds(7)),
        _ => throw new NotSupportedException($"No sample configuration value for {type}."),
    };

    private static string Same(params string[] values)
    {
        Assert.That(values.Distinct().Count(), Is.EqualTo(1), $"the options that share a row share their default: {string.Join(", ", values)}");
        return values[0];
    }

    private static string Bytes(long value) => value switch
    {
        _ when value % (1024 * 1024) == 0 => Invariant($"{value / (1024 * 1024)} MiB"),
        _ when value % 1024 == 0 => Invariant($"{value / 1024} KiB"),
        _ when value % 1_000_000 == 0 => Invariant($"{value / 1_000_000} MB"),
        _ => Invariant($"{value} bytes"),
    };

    private static string Count(int value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Seconds(TimeSpan value)
    {
        Assert.That(value.TotalSeconds % 1, Is.Zero, $"{value} is whole seconds");
        return Invariant($"{(int)value.TotalSeconds} s");
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>A fixed limit: a constant or static field of an internal type, found by name.</summary>
    private static T Constant<T>(Type anyTypeOfTheAssembly, string typeName, string fieldName)
    {
        var type = anyTypeOfTheAssembly.Assembly.GetType(typeName, throwOnError: false);
        var field = type?.GetField(fieldName, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static);
        Assert.That(field, Is.Not.Null, $"{typeName}.{fieldName} holds a limit that {Page} shows; update {nameof(SecurityPageTests)} if it moved");
        return (T)field!.GetValue(null)!;
    }

    /// <summary>A fixed limit given as a constructor parameter's default value.</summary>
    private static T DefaultArgument<T>(Type anyTypeOfTheAssembly, string typeName, string parameterName)
    {
        var parameter = anyTypeOfTheAssembly.Assembly.GetType(typeName, throwOnError: false)?
            .GetConstructors(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance)
            .SelectMany(c => c.GetParameters())
            .FirstOrDefault(p => p.Name == parameterName && p.HasDefaultValue);
        Assert.That(parameter, Is.Not.Null, $"{typeName}({parameterName} = ...) holds a limit that {Page} shows; update {nameof(SecurityPageTests)} if it moved");
        return (T)parameter!.DefaultValue!;
    }

    [GeneratedRegex("`([^`]+)`")]
    private static partial Regex CodeSpan();

    [GeneratedRegex(@"\b(?:class|record)\s+(?<name>[A-Z]\w*)")]
    private static partial Regex ClassDeclaration();
}
