using System.Buffers;
using System.Text.Json;
using global::MessagePack;
using Tusk.EngineIO;
using Tusk.SocketIO.Protocol;

namespace Tusk.SocketIO.MessagePack;

/// <summary>Writes each packet as one msgpack map in one binary message, as socket.io-msgpack-parser's Encoder.</summary>
/// <remarks>Not thread-safe: the session calls it under its send lock.</remarks>
internal sealed class MessagePackPacketEncoder : ISocketIoPacketEncoder
{
    // Reused between packets; what leaves is an exact copy, so the scratch may change afterwards.
    private readonly ArrayBufferWriter<byte> _scratch = new(256);

    public void Encode(SocketIoPacket packet, ICollection<EngineIoMessage> messages)
    {
        ArgumentNullException.ThrowIfNull(packet);
        ArgumentNullException.ThrowIfNull(messages);
        _scratch.ResetWrittenCount();
        Write(packet, _scratch);
        messages.Add(EngineIoMessage.FromBinary(_scratch.WrittenSpan.ToArray()));
    }

    /// <summary>Writes <c>{type, data?, nsp, id?}</c>; <c>data</c> is left out when the packet has none.</summary>
    internal static void Write(SocketIoPacket packet, IBufferWriter<byte> output)
    {
        using var data = string.IsNullOrEmpty(packet.Payload) ? null : JsonDocument.Parse(packet.Payload);
        var writer = new MessagePackWriter(output);
        writer.WriteMapHeader(2 + (data is null ? 0 : 1) + (packet.Id is null ? 0 : 1));
        writer.WriteString(PacketFields.Type);
        writer.Write(PacketFields.Code(packet.Type));
        if (data is not null)
        {
            writer.WriteString(PacketFields.Data);
            JsonToMessagePack.Write(ref writer, data.RootElement, packet.Attachments);
        }

        writer.WriteString(PacketFields.Namespace);
        writer.Write(packet.Namespace);
        if (packet.Id is { } id)
        {
            writer.WriteString(PacketFields.Id);
            writer.Write(id);
        }

        writer.Flush();
    }
}
