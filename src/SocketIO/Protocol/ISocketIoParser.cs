namespace Tusk.SocketIO.Protocol;

/// <summary>
/// How Socket.IO packets become Engine.IO messages and back: the seam the JS client calls a custom parser
/// (<c>io(url, { parser })</c>). The default is <see cref="SocketIoTextParser"/> (socket.io-parser: a text message per
/// packet plus one binary message per attachment); <c>Tusk.SocketIO.MessagePack</c> provides socket.io-msgpack-parser's
/// format. Client and server must use the same parser.
/// </summary>
/// <remarks>
/// The client creates one encoder and one decoder per Engine.IO session (so a decoder may keep state between messages,
/// such as a packet waiting for its attachments) and drops them when the session ends. Socket.IO 0.9 servers have their
/// own protocol and no parser seam.
/// <para>Thread safety: one parser may serve several clients, so <see cref="CreateEncoder"/> and
/// <see cref="CreateDecoder"/> may be called from any thread, concurrently; the encoders and decoders need no locking (see
/// theirs).</para>
/// </remarks>
public interface ISocketIoParser
{
    /// <summary>Creates the encoder of one session.</summary>
    /// <param name="context">The session's protocol revision and limits.</param>
    /// <returns>The encoder.</returns>
    /// <exception cref="NotSupportedException">The parser cannot speak <see cref="SocketIoParserContext.Protocol"/>;
    /// the message is reported to the application as the reason the connection failed.</exception>
    ISocketIoPacketEncoder CreateEncoder(SocketIoParserContext context);

    /// <summary>Creates the decoder of one session.</summary>
    /// <param name="context">The session's protocol revision and limits.</param>
    /// <returns>The decoder.</returns>
    /// <exception cref="NotSupportedException">The parser cannot speak <see cref="SocketIoParserContext.Protocol"/>.</exception>
    ISocketIoPacketDecoder CreateDecoder(SocketIoParserContext context);
}
