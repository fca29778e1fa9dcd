using System.Globalization;
using Spectre.Console;

namespace Tusk.Cli.Bench;

/// <summary>
/// The bench's progress on standard error: a live table redrawn in place on a terminal, or one plain line every few
/// seconds when standard error is a file or a pipe.
/// </summary>
internal static class LiveProgress
{
    private static readonly TimeSpan PlainEvery = TimeSpan.FromSeconds(5);

    public static async Task<BenchReport> RunAsync(CliConsole console, Func<Action<BenchSnapshot>, Task<BenchReport>> run)
    {
        if (!console.IsInteractive)
        {
            var next = TimeSpan.Zero;
            var phase = string.Empty;
            return await run(snapshot =>
            {
                if (snapshot.Elapsed >= next || snapshot.Phase != phase)
                {
                    phase = snapshot.Phase;
                    next = snapshot.Elapsed + PlainEvery;
                    console.Error.WriteLine(Plain(snapshot));
                    console.Error.Flush();
                }
            }).ConfigureAwait(false);
        }

        var table = new Table().Border(TableBorder.Rounded).AddColumns("phase", "elapsed", "connected", "msg/s", "completed", "errors", "p50", "p99");
        table.AddRow(Cells(null));
        BenchReport? report = null;
        await console.Err.Live(table).StartAsync(async context =>
        {
            report = await run(snapshot =>
            {
                table.Rows.Update(0, 0, new Text(snapshot.Phase + (snapshot.PhaseRemaining is { } r ? $" ({r.TotalSeconds:0} s left)" : string.Empty)));
                var cells = Cells(snapshot);
                for (var i = 1; i < cells.Length; i++)
                {
                    table.Rows.Update(0, i, new Text(cells[i]));
                }

                context.Refresh();
            }).ConfigureAwait(false);
        }).ConfigureAwait(false);
        return report!;
    }

    private static string[] Cells(BenchSnapshot? s) => s is null
        ? ["starting", "0 s", "0", "0", "0", "0", "-", "-"]
        :
        [
            s.Phase,
            F($"{s.Elapsed.TotalSeconds:0} s"),
            F($"{s.Connected:N0}/{s.Clients:N0}"),
            F($"{s.MessagesPerSecond:N0}"),
            F($"{s.Completed:N0}"),
            F($"{s.Errors:N0}"),
            s.P50Milliseconds is { } p50 ? F($"{p50:0.##} ms") : "-",
            s.P99Milliseconds is { } p99 ? F($"{p99:0.##} ms") : "-",
        ];

    private static string Plain(BenchSnapshot s)
    {
        var cells = Cells(s);
        return F($"[{cells[1],6}] {s.Phase,-9} connected {cells[2]}, {cells[3]} msg/s, {cells[4]} completed, {cells[5]} errors, p50 {cells[6]}, p99 {cells[7]}");
    }

    private static string F(FormattableString value) => value.ToString(CultureInfo.InvariantCulture);
}
