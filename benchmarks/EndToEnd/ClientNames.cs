namespace Tusk.Benchmarks.EndToEnd;

/// <summary>The three clients compared, in the order they run and appear in the table.</summary>
internal static class ClientNames
{
    public const string Tusk = "tusk";
    public const string JavaScript = "socket.io-client";
    public const string SocketIoClient = "SocketIOClient";
    public const string Floor = "floor";

    /// <summary>Tusk with <c>SocketIoClientOptions.SocketCompletions = Inline</c> (issue 21's receive mode): not run by
    /// default, asked for with <c>--clients tusk,tusk-inline,js</c>.</summary>
    public const string TuskInline = "tusk-inline";

    /// <summary>Tusk with <c>SocketIoClientOptions.SocketCompletions = ThreadPool</c> (the default before Auto): not run
    /// by default, asked for with <c>--clients tusk,tusk-threadpool,js</c>.</summary>
    public const string TuskThreadPool = "tusk-threadpool";

    /// <summary>Tusk with default options in a worker whose thread pool does not spin before its idle workers sleep
    /// (<c>DOTNET_ThreadPool_UnfairSemaphoreSpinLimit=0</c>, an application's process-wide setting; the library cannot
    /// set it): not run by default, asked for with <c>--clients tusk,tusk-nospin,js</c>.</summary>
    public const string TuskNoSpin = "tusk-nospin";

    /// <summary>Tusk's worker published with <c>PublishReadyToRun</c> (what an application that publishes ReadyToRun
    /// gets): not run by default, asked for with <c>--clients tusk,tusk-r2r,js</c>; the comparison publishes it first.</summary>
    public const string TuskReadyToRun = "tusk-r2r";

    /// <summary>Tusk in a Native AOT program (benchmarks/Startup), <c>--connect-only</c> only: asked for with
    /// <c>--clients tusk,tusk-aot,js --connect-only</c>; the comparison publishes it first.</summary>
    public const string TuskAot = "tusk-aot";

    /// <summary>The same program as <see cref="TuskAot"/> (benchmarks/Startup) published self-contained with one
    /// composite ReadyToRun image of the framework and Tusk (<c>PublishReadyToRunComposite</c>), <c>--connect-only</c>
    /// only: the JIT-compiled runtime with the generic instantiations a plain ReadyToRun publish leaves to the JIT.</summary>
    public const string TuskComposite = "tusk-composite";

    /// <summary>The clients a run without <c>--clients</c> compares.</summary>
    public static readonly string[] All = [Tusk, JavaScript, SocketIoClient, Floor];

    /// <summary>Every client <c>--clients</c> accepts.</summary>
    public static readonly string[] Known = [Tusk, TuskInline, TuskThreadPool, TuskNoSpin, TuskReadyToRun, TuskAot, TuskComposite, JavaScript, SocketIoClient, Floor];

    /// <summary>The floor client is a reference, not a library: it speaks WebSocket only; inline socket completions
    /// only change the WebSocket.</summary>
    public static bool Runs(string client, string transport) => (client != Floor && client != TuskInline && client != TuskThreadPool) || transport == "websocket";

    /// <summary>The idle-memory measure is for the libraries; the floor client keeps a 16 KiB buffer per connection.</summary>
    public static bool MeasuresIdle(string client) => client != Floor && client != TuskInline && client != TuskThreadPool && client != TuskNoSpin && client != TuskReadyToRun && client != TuskAot && client != TuskComposite;

    public static string Display(string client) => client switch
    {
        Tusk => "Tusk",
        TuskInline => "Tusk with SocketCompletions = Inline",
        TuskThreadPool => "Tusk with SocketCompletions = ThreadPool",
        TuskNoSpin => "Tusk, thread pool with UnfairSemaphoreSpinLimit = 0",
        TuskReadyToRun => "Tusk, worker published ReadyToRun",
        TuskAot => "Tusk, Native AOT worker (benchmarks/Startup)",
        TuskComposite => "Tusk, benchmarks/Startup published self-contained, composite ReadyToRun",
        JavaScript => "socket.io-client 4.8.4 (Node)",
        SocketIoClient => "SocketIOClient 3.0.6",
        Floor => "floor (hand-written minimal client on ClientWebSocket)",
        _ => client,
    };
}
