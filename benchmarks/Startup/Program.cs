using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Tusk.SocketIO;

// The end-to-end harness's connect-only worker as a Native AOT program (client tusk-aot in benchmarks/EndToEnd; published
// self-contained with a composite ReadyToRun image instead, client tusk-composite):
// usage <url> <websocket|polling> <spec-json> connect. Measures what Workers/ConnectProbe.cs measures in the JIT worker
// (the first connect before anything else, then the spec's connectCount warm connects), prints E2E_CONNECTED right
// after the first connect and one E2E_RESULT line in the harness's JSON shape.
if (args is not [var url, var transport, var specJson, "connect"])
{
    Console.Error.WriteLine("usage: Tusk.Benchmarks.Startup <url> <websocket|polling> <spec-json> connect");
    return 2;
}

var serverUri = new Uri(url);
SocketIoClient CreateClient() => new(serverUri, new SocketIoClientOptions
{
    Transports = [transport],
    Upgrade = false,
    Reconnection = false,
    ConnectTimeout = TimeSpan.FromSeconds(10),
});

async Task<double> TimeConnectAsync()
{
    var start = Stopwatch.GetTimestamp();
    var client = CreateClient();
    try
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        await client.ConnectAsync(limit.Token).WaitAsync(limit.Token);
        return Stopwatch.GetElapsedTime(start).TotalMilliseconds;
    }
    finally
    {
        await client.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(5));
    }
}

string result;
try
{
    var cpuBefore = Environment.CpuUsage.TotalTime;
    var methodsBefore = System.Runtime.JitInfo.GetCompiledMethodCount();
    var jitBefore = System.Runtime.JitInfo.GetCompilationTime();
    var first = await TimeConnectAsync();
    var firstCpu = (Environment.CpuUsage.TotalTime - cpuBefore).TotalMilliseconds;

    // Native AOT has no JIT (the counters stay at 0); published ReadyToRun (client tusk-composite) still compiles some.
    var jitMethods = System.Runtime.JitInfo.GetCompiledMethodCount() - methodsBefore;
    var jit = jitMethods == 0 ? "" : string.Create(CultureInfo.InvariantCulture,
        $",\"jitMethods\":{jitMethods},\"jitMs\":{(System.Runtime.JitInfo.GetCompilationTime() - jitBefore).TotalMilliseconds}");
    Console.Out.WriteLine("E2E_CONNECTED");
    await Console.Out.FlushAsync();

    using var spec = JsonDocument.Parse(specJson);
    var count = spec.RootElement.TryGetProperty("connectCount", out var value) ? value.GetInt32() : 20;
    var samples = new double[count];
    for (var i = 0; i < samples.Length; i++)
    {
        samples[i] = await TimeConnectAsync();
    }

    Array.Sort(samples);
    var p50 = samples.Length == 0 ? double.NaN : samples[Math.Min(samples.Length - 1, (int)Math.Ceiling(0.5 * samples.Length) - 1)];
    result = string.Create(CultureInfo.InvariantCulture, $"{{\"firstMs\":{first},\"firstCpuMs\":{firstCpu},\"p50Ms\":{p50}{jit}}}");
}
catch (Exception exception)
{
    result = $"{{\"error\":{JsonEncodedTextOf($"{exception.GetType().Name}: {exception.Message}")}}}";
}

Console.Out.WriteLine($"E2E_RESULT {{\"client\":\"tusk-aot\",\"transport\":{JsonEncodedTextOf(transport)},\"connect\":{result}}}");
await Console.Out.FlushAsync();
return 0;

static string JsonEncodedTextOf(string text) => "\"" + JsonEncodedText.Encode(text).ToString() + "\"";
