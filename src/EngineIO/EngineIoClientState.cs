namespace Tusk.EngineIO;

/// <summary>
/// Where an <see cref="EngineIoClient"/> is in its life. It only moves forward, one step of
/// <c>Created → Connecting → Open → Closing → Closed</c> at a time, except that a client never connected goes from
/// <see cref="Created"/> straight to <see cref="Closed"/> and a failed connect from <see cref="Connecting"/> to
/// <see cref="Closed"/>. Every move goes through <c>EngineIoClient.TryTransition</c>.
/// </summary>
internal enum EngineIoClientState
{
    /// <summary>Constructed; <c>ConnectAsync</c> not called yet.</summary>
    Created,

    /// <summary><c>ConnectAsync</c> is opening the session (handshake, revision detection).</summary>
    Connecting,

    /// <summary>The session is open: sends are accepted, the heartbeat and the receive and send loops run.</summary>
    Open,

    /// <summary>Closing (by either side): no new sends; queued ones may still be flushed.</summary>
    Closing,

    /// <summary>Ended: <c>Closed</c> was raised (for a session that had opened) and nothing runs any more.</summary>
    Closed,
}
