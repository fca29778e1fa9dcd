namespace Tusk.SocketIO.Legacy;

/// <summary>One 0.9 transport carrying packet texts (framing already removed).</summary>
internal interface ILegacyTransport : IAsyncDisposable
{
    /// <summary>The 0.9 transport name (<c>websocket</c>, <c>xhr-polling</c>).</summary>
    string Name { get; }

    /// <summary>The next packets from the server (possibly none), or <see langword="null"/> once the server closed the transport.</summary>
    ValueTask<IReadOnlyList<string>?> ReceiveAsync(CancellationToken cancellationToken);

    /// <summary>Sends packets in order; not called concurrently.</summary>
    ValueTask SendAsync(IReadOnlyList<string> packets, CancellationToken cancellationToken);

    /// <summary>Ends the transport politely (the session has already said <c>0::</c>).</summary>
    Task CloseAsync(CancellationToken cancellationToken);
}
