using Microsoft.Extensions.Logging;
using Tusk.Cli.Output;
using Tusk.SocketIO;

namespace Tusk.Cli.Connection;

/// <summary>Creates the client a command uses, with the library's log on standard error under <c>--verbose</c>.</summary>
internal static class ClientFactory
{
    public static SocketIoClient Create(ClientSettings settings, CliConsole console, ILoggerFactory? loggerFactory = null)
    {
        var options = settings.Options;
        if (settings.Verbose)
        {
            options.LoggerFactory = loggerFactory ?? StderrLoggerProvider.CreateFactory(console.Error);
        }

        return new SocketIoClient(settings.Server, options);
    }

    /// <summary>
    /// Connects <paramref name="socket"/> and says on standard error why not: the exit code for the failure, or
    /// <see langword="null"/> when connected.
    /// </summary>
    public static async Task<int?> ConnectAsync(SocketIoSocket socket, ClientSettings settings, CliConsole console, CancellationToken cancellationToken)
    {
        var started = TimeProvider.System.GetTimestamp();
        try
        {
            await socket.ConnectAsync(cancellationToken).ConfigureAwait(false);
            return null;
        }
        catch (Exception exception)
        {
            var (code, message) = Describe(exception, TimeProvider.System.GetElapsedTime(started), settings.Options.ConnectTimeout, cancellationToken);
            console.Error.WriteLine(message);
            return code;
        }
    }

    /// <summary>The exit code and the message for a failed connect.</summary>
    public static (int Code, string Message) Describe(Exception exception, TimeSpan elapsed, TimeSpan connectTimeout, CancellationToken cancellationToken)
    {
        // The library's messages name the redacted URL and what to change; they are safe to show as they are.
        return exception switch
        {
            OperationCanceledException when cancellationToken.IsCancellationRequested => (ExitCodes.Interrupted, "tusk: interrupted before the connection was made."),
            SocketIoConnectException { IsServerRejection: true } rejected =>
                (ExitCodes.Refused, $"tusk: the server refused namespace '{rejected.Namespace}': {rejected.ServerMessage}" +
                    (rejected.ServerData is { } data ? " " + data.GetRawText() : string.Empty)),

            // The library reports its ConnectTimeout as a connect failure; the time spent tells it from a refusal.
            SocketIoConnectException or TimeoutException or OperationCanceledException when elapsed >= connectTimeout - TimeSpan.FromMilliseconds(100) =>
                (ExitCodes.TimedOut, $"tusk: timed out: {exception.Message}"),
            ArgumentException => (ExitCodes.Usage, $"tusk: {exception.Message}"),
            _ => (ExitCodes.Refused, $"tusk: could not connect: {exception.Message}"),
        };
    }
}
