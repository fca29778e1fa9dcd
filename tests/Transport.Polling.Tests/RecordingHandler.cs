using System.Collections.Concurrent;

namespace Tusk.Transport.Polling.Tests;

/// <summary>Passes requests to a real socket handler and records what went out, so tests can check the wire.</summary>
internal sealed class RecordingHandler() : DelegatingHandler(new SocketsHttpHandler { UseCookies = false })
{
    public ConcurrentQueue<HttpRequestMessage> Requests { get; } = new();

    /// <summary>When set, requests wait for it before they go out, so a test can hold one in flight.</summary>
    public TaskCompletionSource? Hold { get; set; }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Requests.Enqueue(request);
        if (Hold is { } hold)
        {
            await hold.Task.WaitAsync(cancellationToken);
        }

        return await base.SendAsync(request, cancellationToken);
    }

    public static string? Header(HttpRequestMessage request, string name) =>
        request.Headers.TryGetValues(name, out var values) ? string.Join(", ", values) : null;
}
