namespace Tusk.Transport.WebSocket.Connection;

/// <summary>
/// Who may write to the stream of a <see cref="FrameWriter"/> now. Exactly one party holds the role at a time, so
/// writes never interleave; it changes hands only under the writer's lock.
/// </summary>
internal enum WriterRole
{
    /// <summary>Nobody writes: the next sender that appends a frame takes <see cref="Batching"/>, or a large frame
    /// <see cref="Direct"/> once nothing is pending.</summary>
    Idle,

    /// <summary>The pending buffer is being written, by a sender on its own thread (an inline write) or by the
    /// writer loop; frames appended meanwhile go out in the next write.</summary>
    Batching,

    /// <summary>A sender writes one frame too large for the pending buffer straight to the stream, in chunks; other
    /// senders queue behind it.</summary>
    Direct,
}
