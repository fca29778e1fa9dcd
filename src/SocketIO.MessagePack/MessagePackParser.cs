using Tusk.SocketIO.Protocol;

namespace Tusk.SocketIO.MessagePack;

/// <summary>
/// socket.io-msgpack-parser 3.x's format for <see cref="SocketIoClientOptions.Parser"/>: every packet is one binary
/// Engine.IO message holding a msgpack map <c>{type, nsp, data, id}</c>, binary values travel inside it as msgpack
/// <c>bin</c> (no separate attachments), and there are no BINARY_EVENT/BINARY_ACK types. Speaks Socket.IO protocol v5
/// (socket.io 3.x and 4.x); the server must be started with <c>parser: require("socket.io-msgpack-parser")</c>.
/// </summary>
/// <remarks>
/// Arguments stay System.Text.Json values on the client side, so every reading API works as with the default parser:
/// msgpack maps, arrays, strings, booleans, nil and numbers map to their JSON counterparts, <c>bin</c> (a Node.js
/// <c>Buffer</c>) and notepack's <c>ArrayBuffer</c> extension to binary values, notepack's date extension to an ISO 8601
/// string (what <c>JSON.stringify</c> gives a <c>Date</c>), <c>undefined</c> to <c>null</c> in arrays and to a missing
/// property in maps, NaN and infinities to <c>null</c>. Integers keep all 64 bits. Sent arguments go the other way;
/// <c>byte[]</c>, <see cref="ReadOnlyMemory{T}"/>, <see cref="Stream"/> values become <c>bin</c> at any depth.
/// The encoder and decoder use MessagePack-CSharp's reader and writer only (no reflection), so they are trimming- and
/// AOT-safe.
/// <para>Thread safety: stateless; one instance may serve every client, and its encoders and decoders are used by one
/// session each, as <see cref="ISocketIoParser"/> describes.</para>
/// </remarks>
public sealed class MessagePackParser : ISocketIoParser
{
    private MessagePackParser()
    {
    }

    /// <summary>The parser (it has no settings).</summary>
    public static MessagePackParser Instance { get; } = new();

    /// <inheritdoc />
    /// <exception cref="NotSupportedException">The server speaks protocol v3 or v4 (socket.io 1.x/2.x).</exception>
    public ISocketIoPacketEncoder CreateEncoder(SocketIoParserContext context)
    {
        EnsureSupported(context);
        return new MessagePackPacketEncoder();
    }

    /// <inheritdoc />
    /// <exception cref="NotSupportedException">The server speaks protocol v3 or v4 (socket.io 1.x/2.x).</exception>
    public ISocketIoPacketDecoder CreateDecoder(SocketIoParserContext context)
    {
        EnsureSupported(context);
        return new MessagePackPacketDecoder();
    }

    private static void EnsureSupported(SocketIoParserContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Protocol != SocketIoProtocol.V5)
        {
            throw new NotSupportedException(
                $"The msgpack parser speaks Socket.IO protocol V5 (socket.io 3.x and 4.x with socket.io-msgpack-parser 3.x), " +
                $"but the server speaks {context.Protocol} (socket.io 1.x/2.x). Use a socket.io 3+ server, or remove " +
                "SocketIoClientOptions.Parser for a server with the default parser.");
        }
    }
}
