using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Tusk.SocketIO;

namespace Tusk.Samples.Demo;

/// <summary>The scripted conversation with the sample server; every step waits at most <see cref="StepTimeout"/>.</summary>
internal sealed class Conversation(Uri serverUri, Transcript transcript, ILoggerFactory? loggerFactory)
{
    private static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(10);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var options = new SocketIoClientOptions
        {
            ConnectTimeout = StepTimeout,
            AckTimeout = StepTimeout,
            ReconnectionDelay = TimeSpan.FromMilliseconds(500),
            LoggerFactory = loggerFactory,
        };
        await using var client = new SocketIoClient(serverUri, options);
        var dropped = new TaskCompletionSource<SocketIoDisconnectedEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        var reconnected = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        client.Disconnected += (_, e) => dropped.TrySetResult(e);
        client.Reconnecting += (_, e) => transcript.Received("reconnecting", $"attempt {e.Attempt} after {e.Delay.TotalMilliseconds:0} ms");
        client.Reconnected += (_, e) => reconnected.TrySetResult(e.Attempts);
        var rejoined = new TaskCompletionSource<SocketIoConnectedEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        client.Connected += (_, e) =>
        {
            if (dropped.Task.IsCompleted)
            {
                rejoined.TrySetResult(e);
            }
        };

        transcript.Sent("connect", serverUri.ToString());
        await Step(client.ConnectAsync(cancellationToken), "the connection", cancellationToken);
        transcript.Received("connected", $"socket id {client.Id}, protocol {client.NegotiatedProtocol}, transport {client.TransportName}");

        await Expect(client, "hello", cancellationToken);

        transcript.Sent("emit", "echo [\"Hello from Tusk\",42]");
        await Step(client.EmitAsync("echo", "Hello from Tusk", 42), "the emit", cancellationToken);
        await Expect(client, "echo", cancellationToken);

        transcript.Sent("emit + ack", "echo [\"ack me\"]");
        var ack = await Step(client.EmitWithAckAsync<string>("echo", ["ack me"], cancellationToken), "the ack", cancellationToken);
        transcript.Received("ack", $"\"{ack}\"");

        var payload = RandomNumberGenerator.GetBytes(64 * 1024);
        transcript.Sent("binary + ack", $"echo [<{payload.Length:N0} random bytes>]");
        var echoed = await Step(client.EmitWithAckAsync<byte[]>("echo", [payload], cancellationToken), "the binary ack", cancellationToken);
        transcript.Received("binary ack", $"{echoed.Length:N0} bytes, {(echoed.AsSpan().SequenceEqual(payload) ? "identical" : "DIFFERENT")}");
        transcript.Note($"transport now: {client.TransportName}");

        var news = client.Of("/news");
        transcript.Sent("connect", "namespace /news (same connection)");
        await Step(news.ConnectAsync(cancellationToken), "the /news namespace", cancellationToken);
        transcript.Received("connected", $"/news socket id {news.Id}");
        await Expect(news, "headline", cancellationToken);
        transcript.Sent("emit + ack", "/news subscribe [\"releases\"]");
        var subscription = await Step(news.EmitWithAckAsync("subscribe", ["releases"], cancellationToken), "the /news ack", cancellationToken);
        transcript.Received("ack", $"/news {subscription}");

        transcript.Sent("emit", "drop [] (the server closes the connection underneath)");
        await Step(client.EmitAsync("drop"), "the emit", cancellationToken);
        var disconnect = await Step(dropped.Task, "the disconnect", cancellationToken);
        transcript.Received("disconnected", $"\"{disconnect.Reason.ToJsReason()}\", will reconnect: {disconnect.WillReconnect}");
        if (!disconnect.WillReconnect)
        {
            throw new DemoException($"The client will not reconnect after \"{disconnect.Reason.ToJsReason()}\".");
        }

        var attempts = await Step(reconnected.Task, "the reconnection", cancellationToken);
        transcript.Received("reconnected", $"after {attempts} attempt(s), transport {client.TransportName}");
        var connected = await Step(rejoined.Task, "the namespace's reconnection", cancellationToken);
        transcript.Received("connected", $"new socket id {connected.Id}");
        await Expect(client, "hello", cancellationToken);
        await Expect(news, "headline", cancellationToken);

        transcript.Sent("emit + ack", "echo [\"still there?\"]");
        ack = await Step(client.EmitWithAckAsync<string>("echo", ["still there?"], cancellationToken), "the ack", cancellationToken);
        transcript.Received("ack", $"\"{ack}\"");

        transcript.Sent("disconnect", "every namespace, then the connection");
        await Step(client.DisconnectAsync(cancellationToken), "the disconnect", cancellationToken);
        transcript.Note("done");
    }

    private async Task Expect(SocketIoSocket socket, string eventName, CancellationToken cancellationToken)
    {
        var received = await socket.WaitAsync(eventName, StepTimeout, cancellationToken)
            ?? throw new DemoException($"The server sent no \"{eventName}\" on {socket.Namespace} within {StepTimeout.TotalSeconds} s.");
        var prefix = socket.Namespace == "/" ? "" : socket.Namespace + " ";
        transcript.Received("event", $"{prefix}{received.Name} {received}");
    }

    private static async Task Step(Task task, string what, CancellationToken cancellationToken) =>
        await Step(WithResult(task), what, cancellationToken);

    private static async Task<T> Step<T>(Task<T> task, string what, CancellationToken cancellationToken)
    {
        try
        {
            return await task.WaitAsync(StepTimeout, cancellationToken);
        }
        catch (TimeoutException e) when (e is not SocketIoAckTimeoutException)
        {
            throw new DemoException($"No answer for {what} within {StepTimeout.TotalSeconds} s.");
        }
    }

    private static async Task<bool> WithResult(Task task)
    {
        await task;
        return true;
    }
}
