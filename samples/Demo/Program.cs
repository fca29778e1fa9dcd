// The Tusk tour: `dotnet run --project samples/Demo` starts the bundled socket.io 4 server and talks to it;
// `dotnet run --project samples/Demo -- http://host:port` talks to a running sample server instead.
// `--verbose` adds the library's own Debug/Trace log.
using Microsoft.Extensions.Logging;
using Tusk.Samples.Demo;
using Tusk.SocketIO;

var verbose = args.Contains("--verbose");
var url = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal));
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true; // unwind normally, so the server is stopped below
    stop.Cancel();
};

using var loggerFactory = verbose
    ? LoggerFactory.Create(logging => logging
        .SetMinimumLevel(LogLevel.Trace)
        .AddSimpleConsole(console => console.TimestampFormat = "HH:mm:ss.fff "))
    : null;
var transcript = new Transcript();
Console.WriteLine("Tusk demo: a short conversation with a socket.io server");
try
{
    if (url is not null)
    {
        var serverUri = Uri.TryCreate(url, UriKind.Absolute, out var parsed)
            ? parsed
            : throw new DemoException($"'{url}' is not an absolute URL such as http://127.0.0.1:3000.");
        await new Conversation(serverUri, transcript, loggerFactory).RunAsync(stop.Token);
    }
    else
    {
        transcript.Note("starting the bundled socket.io 4 server (samples/server)");
        await using var server = await SampleServer.StartAsync(transcript.Note, stop.Token);
        transcript.Note($"server ready on {server.Uri}");
        await new Conversation(server.Uri, transcript, loggerFactory).RunAsync(stop.Token);
        transcript.Note("stopping the server");
    }

    Console.WriteLine("Demo finished: every step succeeded.");
    return 0;
}
catch (OperationCanceledException) when (stop.IsCancellationRequested)
{
    Console.Error.WriteLine("Demo cancelled (Ctrl+C).");
    return 130;
}
catch (Exception e) when (e is DemoException or SocketIoException or TimeoutException)
{
    Console.Error.WriteLine($"Demo failed: {e.Message}");
    return 1;
}
