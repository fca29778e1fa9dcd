using System.Diagnostics.Metrics;
using System.Reflection;
using System.Text.RegularExpressions;
using Tusk.EngineIO;
using Tusk.SocketIO;
using Tusk.Transport.WebSocket;

namespace Tusk.Docs.Tests;

/// <summary>
/// The tables of <c>docs/observability.md</c> list exactly the instruments (with their units and types) and the
/// activities the code creates: a new instrument without a row, or a row without an instrument, fails.
/// </summary>
[TestFixture]
public sealed partial class ObservabilityPageTests
{
    private const string Page = "docs/observability.md";

    /// <summary>The layers' meters.</summary>
    private static readonly string[] Meters = [SocketIoDiagnostics.MeterName, EngineIoDiagnostics.MeterName, WebSocketDiagnostics.MeterName];

    /// <summary>The internal classes holding each activity source's activity names (as constants).</summary>
    private static readonly (Type Anchor, string TypeName)[] ActivityNames =
    [
        (typeof(SocketIoClient), "Tusk.SocketIO.Diagnostics.SocketIoActivities"),
        (typeof(EngineIoClient), "Tusk.EngineIO.Diagnostics.EngineIoActivities"),
    ];

    [Test]
    public async Task EveryInstrument_HasARowWithItsUnitAndType()
    {
        // Each layer creates its instruments on the process-wide meters (no meter factory) with its first client or
        // connection; nothing connects.
        await using (new SocketIoClient(new Uri("http://127.0.0.1:1")))
        {
        }

        await using (new EngineIoClient(new Uri("http://127.0.0.1:1")))
        {
        }

        var webSocket = WebSocketConnection.Create(new MemoryStream());
        webSocket.Abort();
        await webSocket.DisposeAsync();

        var created = new Dictionary<string, (string? Unit, string Type)>(StringComparer.Ordinal);
        using (var listener = new MeterListener())
        {
            listener.InstrumentPublished = (instrument, _) =>
            {
                if (Meters.Contains(instrument.Meter.Name) && instrument.Meter.Scope is null)
                {
                    lock (created)
                    {
                        created[instrument.Name] = (instrument.Unit, TypeName(instrument));
                    }
                }
            };
            listener.Start();
        }

        var documented = Rows().Where(r => r.Cells.Length == 5 && r.Cells[1].StartsWith('`'))
            .ToDictionary(r => Unquote(r.Cells[0]), r => (Unit: (string?)Unquote(r.Cells[1]), Type: r.Cells[2]));

        Assert.That(created, Is.Not.Empty);
        Assert.That(documented.Keys, Is.EquivalentTo(created.Keys), "instrument rows");
        foreach (var (name, (unit, type)) in created)
        {
            Assert.That(documented[name], Is.EqualTo((unit, type)), name);
        }
    }

    [Test]
    public void EveryActivity_HasARow()
    {
        var names = ActivityNames.SelectMany(a => a.Anchor.Assembly.GetType(a.TypeName, throwOnError: true)!
                .GetFields(BindingFlags.Public | BindingFlags.Static)
                .Where(f => f.IsLiteral)
                .Select(f => (string)f.GetRawConstantValue()!))
            .ToList();
        var documented = Rows().Where(r => r.Cells.Length == 4 && r.Cells[1] is "Client" or "Internal").Select(r => Unquote(r.Cells[0])).ToList();

        Assert.That(names, Is.Not.Empty);
        Assert.That(documented, Is.EquivalentTo(names));
    }

    private static string TypeName(Instrument instrument)
    {
        var name = instrument.GetType().Name;
        return name[..name.IndexOf('`', StringComparison.Ordinal)];
    }

    private static string Unquote(string cell) => cell.Trim('`');

    private static IEnumerable<(string[] Cells, string Line)> Rows() =>
        File.ReadLines(Repository.Full(Page))
            .Where(l => l.StartsWith("| `", StringComparison.Ordinal))
            .Select(l => (TableCell().Split(l.Trim().Trim('|')).Select(c => c.Trim()).ToArray(), l));

    [GeneratedRegex(@"(?<!\\)\|")]
    private static partial Regex TableCell();
}
