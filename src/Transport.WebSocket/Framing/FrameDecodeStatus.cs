namespace Tusk.Transport.WebSocket.Framing;

/// <summary>The result of <see cref="FrameHeader.TryRead"/>.</summary>
internal enum FrameDecodeStatus
{
    Complete,
    NeedMoreData,
    Invalid,
}
