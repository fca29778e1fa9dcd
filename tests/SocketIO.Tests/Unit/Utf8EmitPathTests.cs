using System.Runtime.InteropServices;
using System.Text;
using Tusk.EngineIO;
using Tusk.SocketIO.Protocol;
using Tusk.SocketIO.Serialization;

namespace Tusk.SocketIO.Tests.Unit;

/// <summary>
/// Issue 21: an emit goes from the caller's arguments to the frame as UTF-8, the header written into room the
/// serializer left in front of the JSON, so header and payload leave as one array without a UTF-16 string or a copy.
/// </summary>
public class Utf8EmitPathTests
{
    private static readonly SocketIoJson Json = new();

    // Issue 21's workload message, the 110-byte JSON object of benchmarks/EndToEnd.
    private static readonly Workload Message = new(1_234_567, "ada.lovelace", "general", "Hello from a bench", 1_733_480_000_000, true);

    private static SocketIoPacket EmitPacket(string eventName, object?[] arguments, string nsp = "/", long? id = null, int room = -1)
    {
        var headerRoom = room >= 0 ? room : 1 + (nsp == "/" ? 0 : Encoding.UTF8.GetByteCount(nsp) + 1) + (id is { } n ? n.ToString(System.Globalization.CultureInfo.InvariantCulture).Length : 0);
        var serialized = Json.SerializeArguments(eventName, arguments, headerRoom);
        return new SocketIoPacket
        {
            Type = SocketIoPacketType.Event,
            Namespace = nsp,
            Id = id,
            PayloadUtf8 = serialized.Utf8,
            Attachments = serialized.Attachments,
            HeaderRoom = serialized.HeaderRoom,
        };
    }

    private static string Text(ReadOnlyMemory<byte> utf8) => Encoding.UTF8.GetString(utf8.Span);

    [TestCase("/", null, "2[\"ev\",1,\"x\"]")]
    [TestCase("/chat", 42L, "2/chat,42[\"ev\",1,\"x\"]")]
    [TestCase("/čhat", 9_007_199_254_740_993L, "2/čhat,9007199254740993[\"ev\",1,\"x\"]")]
    public void Encode_AnEmitWithHeaderRoom_WritesTheHeaderInFrontOfThePayloadInTheSameArray(string nsp, long? id, string expected)
    {
        var packet = EmitPacket("ev", [1, "x"], nsp, id);
        Assert.That(MemoryMarshal.TryGetArray(packet.PayloadUtf8!.Value, out var payload), Is.True);

        var frame = SocketIoPacketEncoder.EncodeUtf8(packet, SocketIoProtocol.V5);

        Assert.That(Text(frame), Is.EqualTo(expected));
        Assert.That(MemoryMarshal.TryGetArray(frame, out var framed), Is.True);
        Assert.That(framed.Array, Is.SameAs(payload.Array), "the frame is the serializer's array, not a copy");
        Assert.That(framed.Offset + framed.Count, Is.EqualTo(payload.Array!.Length));
    }

    [Test]
    public void Encode_ABinaryEmit_UsesTheRoomLeftForTheAttachmentCount()
    {
        var packet = EmitPacket("ev", [new byte[] { 1, 2 }, new byte[] { 3 }], "/chat", 7);

        var frame = SocketIoPacketEncoder.EncodeUtf8(packet, SocketIoProtocol.V5);

        Assert.That(Text(frame), Is.EqualTo("52-/chat,7[\"ev\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]"));
        Assert.That(MemoryMarshal.TryGetArray(frame, out var framed) && MemoryMarshal.TryGetArray(packet.PayloadUtf8!.Value, out var payload) && framed.Array == payload.Array, Is.True);
    }

    [Test]
    public void Encode_AnAckForProtocolV3_FitsItsAlwaysPresentCountIntoTheRoom()
    {
        var serialized = Json.SerializeArguments(null, ["ok"], 1 + 3 + SocketIoJson.AttachmentCountRoom);
        var packet = new SocketIoPacket
        {
            Type = SocketIoPacketType.Ack, Id = 123, PayloadUtf8 = serialized.Utf8, Attachments = serialized.Attachments, HeaderRoom = serialized.HeaderRoom,
        };

        Assert.That(Text(SocketIoPacketEncoder.EncodeUtf8(packet, SocketIoProtocol.V3)), Is.EqualTo("30-123[\"ok\"]"));
        Assert.That(Text(SocketIoPacketEncoder.EncodeUtf8(packet, SocketIoProtocol.V5)), Is.EqualTo("3123[\"ok\"]"));
    }

    [Test]
    public void Encode_TooLittleRoom_CopiesIntoANewArrayAndLeavesTheSerializersArrayAlone()
    {
        var packet = EmitPacket("ev", [1], "/chat", 7, room: 2);
        MemoryMarshal.TryGetArray(packet.PayloadUtf8!.Value, out var payload);
        var before = payload.Array!.ToArray();

        var frame = SocketIoPacketEncoder.EncodeUtf8(packet, SocketIoProtocol.V5);

        Assert.That(Text(frame), Is.EqualTo("2/chat,7[\"ev\",1]"));
        Assert.That(MemoryMarshal.TryGetArray(frame, out var framed) && framed.Array != payload.Array, Is.True);
        Assert.That(payload.Array, Is.EqualTo(before));
    }

    [Test]
    public void With_ACopyWithOtherContents_NeverWritesIntoTheOriginalsArray()
    {
        var original = EmitPacket("ev", [1], "/chat", 7);
        var firstFrame = SocketIoPacketEncoder.EncodeUtf8(original, SocketIoProtocol.V5).ToArray();
        var copy = original with { Id = 8 };
        var renamed = original with { Namespace = "/a" };

        Assert.That(copy.HeaderRoom, Is.Zero);
        Assert.That(renamed.HeaderRoom, Is.Zero);
        Assert.That(Text(SocketIoPacketEncoder.EncodeUtf8(copy, SocketIoProtocol.V5)), Is.EqualTo("2/chat,8[\"ev\",1]"));
        Assert.That(Text(SocketIoPacketEncoder.EncodeUtf8(renamed, SocketIoProtocol.V5)), Is.EqualTo("2/a,7[\"ev\",1]"));

        // The original's frame is unchanged, and encoding it again gives the same bytes.
        MemoryMarshal.TryGetArray(original.PayloadUtf8!.Value, out var payload);
        Assert.That(payload.Array![^firstFrame.Length..], Is.EqualTo(firstFrame));
        Assert.That(SocketIoPacketEncoder.EncodeUtf8(original, SocketIoProtocol.V5).ToArray(), Is.EqualTo(firstFrame));
    }

    [Test]
    public void TextParser_EncodesAnEmitAsOneUtf8TextMessage_WhoseStringIsTheSameAsBefore()
    {
        var encoder = SocketIoTextParser.Instance.CreateEncoder(new SocketIoParserContext { Protocol = SocketIoProtocol.V5 });
        var messages = new List<EngineIoMessage>();

        encoder.Encode(EmitPacket("ev", ["x"], "/chat", 5), messages);

        Assert.That(messages, Has.Count.EqualTo(1));
        Assert.That(messages[0].TryGetUtf8Text(out var utf8), Is.True);
        Assert.That(Text(utf8), Is.EqualTo("2/chat,5[\"ev\",\"x\"]"));
        Assert.That(messages[0].Text, Is.EqualTo("2/chat,5[\"ev\",\"x\"]"));
    }

    [Test]
    public void Payload_OfAnEmitPacket_ReadsAsTheJsonText()
    {
        // Custom parsers (msgpack) and the 0.9 session read the payload as a string.
        Assert.That(EmitPacket("ev", [1, "a"]).Payload, Is.EqualTo("[\"ev\",1,\"a\"]"));
    }

    /// <summary>Issue 21's emit target is 256 B per emit of the 110-byte object, from the arguments to the frame; the
    /// Socket.IO layer's share (serialize, packet, header) must leave room for nothing else than the packet and the one
    /// array. Counts this thread's allocations only, so it does not depend on timing or other tests.</summary>
    [Test]
    public void EmitOfThe110ByteObject_AllocatesOneArrayAndThePacket_AtMost256Bytes()
    {
        object?[] arguments = [Message];
        var encoder = SocketIoTextParser.Instance.CreateEncoder(new SocketIoParserContext { Protocol = SocketIoProtocol.V5 });
        var messages = new List<EngineIoMessage>(2);
        for (var i = 0; i < 100; i++)
        {
            messages.Clear();
            encoder.Encode(EmitPacket("msg", arguments), messages);
        }

        Assert.That(Text(SocketIoPacketEncoder.EncodeUtf8(EmitPacket("msg", arguments), SocketIoProtocol.V5)),
            Has.Length.EqualTo(1 + "[\"msg\",]".Length + 110), "the workload message is 110 bytes of JSON");

        const int Emits = 1_000;
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < Emits; i++)
        {
            messages.Clear();
            encoder.Encode(Serialize(arguments), messages);
        }

        var perEmit = (GC.GetAllocatedBytesForCurrentThread() - before) / (double)Emits;
        Assert.That(perEmit, Is.LessThanOrEqualTo(256), $"{perEmit:F1} B per emit");
    }

    // What SocketIoSocket.EmitCoreAsync builds for an emit on "/" without an ack.
    private static SocketIoPacket Serialize(object?[] arguments)
    {
        var serialized = Json.SerializeArguments("msg", arguments, 1);
        return new SocketIoPacket
        {
            Type = SocketIoPacketType.Event,
            PayloadUtf8 = serialized.Utf8,
            Attachments = serialized.Attachments,
            HeaderRoom = serialized.HeaderRoom,
        };
    }

    public sealed record Workload(long Id, string User, string Room, string Text, long Ts, bool Ok);
}
