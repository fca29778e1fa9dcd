namespace Tusk.Cli.Tests;

/// <summary>Runs the tusk command line in-process, with its standard streams captured.</summary>
internal sealed class Tusk : IAsyncDisposable
{
    /// <summary>The bound on any one command a test runs (connects and acks inside are bounded lower).</summary>
    public static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    private readonly CancellationTokenSource _interrupt = new();

    private Tusk(string[] args)
    {
        Console = new CliConsole(Input, Output, Error, interactive: false);
        Completion = Task.Run(() => CliApp.RunAsync(args, Console, _interrupt.Token));
    }

    public LineQueueReader Input { get; } = new();

    public WatchedWriter Output { get; } = new();

    public WatchedWriter Error { get; } = new();

    public CliConsole Console { get; }

    public Task<int> Completion { get; }

    /// <summary>Starts a command and returns while it runs.</summary>
    public static Tusk Start(params string[] args) => new(args);

    /// <summary>Runs a command to its end (bounded) and returns it with its exit code.</summary>
    public static async Task<Tusk> RunAsync(params string[] args)
    {
        var tusk = Start(args);
        await tusk.ExitAsync();
        return tusk;
    }

    public int ExitCode => Completion.IsCompletedSuccessfully ? Completion.Result : throw new InvalidOperationException("Still running.");

    /// <summary>Waits for the command to end, within <see cref="Bound"/>.</summary>
    public async Task<int> ExitAsync()
    {
        try
        {
            return await Completion.WaitAsync(Bound);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"tusk did not end within {Bound.TotalSeconds} s.\nstdout:\n{Output.Text}\nstderr:\n{Error.Text}");
        }
    }

    /// <summary>Ctrl+C.</summary>
    public void Interrupt() => _interrupt.Cancel();

    public override string ToString() => $"stdout:\n{Output.Text}\nstderr:\n{Error.Text}";

    public async ValueTask DisposeAsync()
    {
        Input.Close();
        if (!Completion.IsCompleted)
        {
            _interrupt.Cancel();
            try
            {
                await Completion.WaitAsync(Bound);
            }
            catch (Exception exception) when (exception is TimeoutException or OperationCanceledException)
            {
                // Reported by the test that left it running.
            }
        }

        _interrupt.Dispose();
        Input.Dispose();
    }
}
