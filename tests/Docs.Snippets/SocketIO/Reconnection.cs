#region socketio-reconnection-policy
using Tusk.EngineIO;
using Tusk.SocketIO;
#endregion

namespace Tusk.Docs.Snippets.SocketIO;

/// <summary>docs/socketio-client.md, "Reconnection and recovery": a reconnection policy of your own.</summary>
public static class Reconnection
{
    public static async Task RunAsync()
    {
        #region socketio-reconnection-policy
        await using var client = new SocketIoClient(DocServers.At("http://localhost:3000"), new SocketIoClientOptions
        {
            ReconnectionPolicy = new SteppedReconnection(),
        });
        var reconnected = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        client.Reconnecting += (_, e) => Console.WriteLine($"attempt {e.Attempt} after {e.Delay.TotalSeconds} s");
        client.Reconnected += (_, e) => reconnected.TrySetResult(e.Attempts);
        client.ReconnectFailed += (_, _) => Console.WriteLine("gave up");
        await client.ConnectAsync();

        await client.EmitAsync("drop");                      // the sample server closes the connection underneath
        var attempts = await reconnected.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Console.WriteLine($"reconnected after {attempts} attempt(s)"); // reconnected after 1 attempt(s)
        #endregion
    }
}

#region socketio-reconnection-policy
/// <summary>SignalR's default delays (0, 2, 10 and 30 s), then stop; stop sooner once reconnecting has taken five
/// minutes, and at once when the server answers 401 or 403 (the credentials are no longer accepted).</summary>
public sealed class SteppedReconnection : ISocketIoReconnectionPolicy
{
    private static readonly TimeSpan[] Delays = [TimeSpan.Zero, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(30)];

    public TimeSpan? NextDelay(SocketIoReconnectionContext context) =>
        context.Attempt <= Delays.Length && context.ElapsedTime < TimeSpan.FromMinutes(5) &&
        context.LastError?.InnerException is not EngineIoException { StatusCode: 401 or 403 }
            ? Delays[context.Attempt - 1]
            : null;
}
#endregion
