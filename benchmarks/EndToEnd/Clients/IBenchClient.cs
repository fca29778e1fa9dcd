namespace Tusk.Benchmarks.EndToEnd.Clients;

/// <summary>The few operations the workload needs, over one .NET Socket.IO client library.</summary>
internal interface IBenchClient : IAsyncDisposable
{
    Task ConnectAsync(CancellationToken cancellationToken);

    /// <summary>Emits without an ack; completes once the library reports it sent (or queued) it.</summary>
    Task EmitAsync(string eventName, object?[] arguments);

    /// <summary>Emits and completes when the server's ack arrives.</summary>
    Task AckAsync(string eventName, object?[] arguments);

    /// <summary>Emits one binary argument and returns the length of the binary the ack carried back.</summary>
    Task<int> BinaryEchoAsync(byte[] payload);

    /// <summary>The server process's CPU time (user + system) in microseconds.</summary>
    Task<double> ServerCpuMicrosecondsAsync();

    /// <summary>Calls <paramref name="handler"/> for every arrival of <paramref name="eventName"/>.</summary>
    IDisposable On(string eventName, Action handler);
}
