namespace Tusk.Transport.WebSocket.Framing;

/// <summary>The header-level rules a client applies to every frame from the server (RFC 6455 §5.2–5.5,
/// RFC 7692 §6.1).</summary>
internal static class FrameRules
{
    /// <summary>Checks a header against what the connection expects.</summary>
    /// <param name="header">The decoded header.</param>
    /// <param name="compressionNegotiated">Whether permessage-deflate is in use (RSV1 allowed on a message's first frame).</param>
    /// <param name="inFragmentedMessage">Whether a data message is open and waiting for continuation frames.</param>
    /// <param name="error">Why the frame is rejected.</param>
    /// <returns>0 when acceptable, otherwise the close code (always 1002 here).</returns>
    public static int Validate(in FrameHeader header, bool compressionNegotiated, bool inFragmentedMessage, out string? error)
    {
        error = null;
        if (header.Masked)
        {
            error = "The server sent a masked frame.";
        }
        else if (header.Rsv2 || header.Rsv3)
        {
            error = "A frame has RSV2 or RSV3 set, and no extension defines them.";
        }
        else
        {
            switch ((WebSocketOpcode)header.Opcode)
            {
                case WebSocketOpcode.Close or WebSocketOpcode.Ping or WebSocketOpcode.Pong:
                    if (!header.Fin)
                    {
                        error = "A control frame is fragmented.";
                    }
                    else if (header.PayloadLength > FrameHeader.MaxControlPayload)
                    {
                        error = $"A control frame carries {header.PayloadLength} bytes; at most 125 are allowed.";
                    }
                    else if (header.Rsv1)
                    {
                        error = "A control frame has RSV1 set.";
                    }

                    break;
                case WebSocketOpcode.Continuation:
                    if (!inFragmentedMessage)
                    {
                        error = "A continuation frame arrived with no message to continue.";
                    }
                    else if (header.Rsv1)
                    {
                        error = "A continuation frame has RSV1 set.";
                    }

                    break;
                case WebSocketOpcode.Text or WebSocketOpcode.Binary:
                    if (inFragmentedMessage)
                    {
                        error = "A new data frame arrived while a fragmented message was still open.";
                    }
                    else if (header.Rsv1 && !compressionNegotiated)
                    {
                        error = "A frame has RSV1 set, but permessage-deflate was not negotiated.";
                    }

                    break;
                default:
                    error = $"The opcode 0x{header.Opcode:X} is reserved.";
                    break;
            }
        }

        return error is null ? 0 : WebSocketCloseCodes.ProtocolError;
    }
}
