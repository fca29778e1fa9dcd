namespace Tusk.EngineIO.Tests.Integration;

internal static class ClientExtensions
{
    public static async Task<EngineIoMessage> ReceiveMessageAsync(this EngineIoClient client)
    {
        var message = await client.ReceiveAsync().AsTask().WaitAsync(TestTimeouts.Event);
        Assert.That(message, Is.Not.Null, "the session ended before a message arrived");
        return message!.Value;
    }

    public static async Task<string> ReceiveTextAsync(this EngineIoClient client)
    {
        var message = await client.ReceiveMessageAsync();
        Assert.That(message.IsBinary, Is.False, "expected a text message");
        return message.Text!;
    }

    public static async Task<byte[]> ReceiveBinaryAsync(this EngineIoClient client)
    {
        var message = await client.ReceiveMessageAsync();
        Assert.That(message.IsBinary, Is.True, $"expected a binary message, got '{message.Text}'");
        return message.Binary.ToArray();
    }

    public static Task<EngineIoClosedEventArgs> WhenClosed(this EngineIoClient client)
    {
        var closed = new TaskCompletionSource<EngineIoClosedEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        client.Closed += (_, e) => closed.TrySetResult(e);
        return closed.Task;
    }

    public static Task<EngineIoUpgradeEventArgs> WhenUpgradeSettled(this EngineIoClient client)
    {
        var upgraded = new TaskCompletionSource<EngineIoUpgradeEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        client.Upgraded += (_, e) => upgraded.TrySetResult(e);
        client.UpgradeFailed += (_, e) => upgraded.TrySetResult(e);
        return upgraded.Task;
    }

    /// <summary>Completes after <paramref name="count"/> heartbeats (server pings in revision 4, pongs in revision 3).</summary>
    public static Task WhenHeartbeats(this EngineIoClient client, int count)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var seen = 0;
        void OnBeat(object? sender, EngineIoHeartbeatEventArgs e)
        {
            if (Interlocked.Increment(ref seen) >= count)
            {
                done.TrySetResult();
            }
        }

        client.PingReceived += OnBeat;
        client.PongReceived += OnBeat;
        return done.Task;
    }
}
