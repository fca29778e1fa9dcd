using System.Buffers;
using System.Text;
using BenchmarkDotNet.Attributes;
using Tusk.EngineIO;
using Tusk.EngineIO.Protocol;

namespace Tusk.Benchmarks;

/// <summary>
/// Engine.IO polling payload codecs: a batch of 16 Socket.IO-sized text packets (about 100 characters each, some
/// non-ASCII) and one 1 KiB binary packet, encoded and decoded in each revision's framing.
/// </summary>
[MemoryDiagnoser]
public class EngineIoCodecBenchmarks
{
    private readonly ArrayBufferWriter<byte> _output = new(64 * 1024);
    private EngineIoPacket[] _packets = [];
    private byte[] _v4Payload = [];
    private byte[] _v3TextPayload = [];
    private byte[] _v3BinaryPayload = [];

    [GlobalSetup]
    public void Setup()
    {
        var packets = new List<EngineIoPacket>();
        for (var i = 0; i < 16; i++)
        {
            packets.Add(EngineIoPacket.Message($"2[\"chat\",{{\"user\":\"user{i}\",\"text\":\"héllo wörld 😀 message number {i:D4} with some padding text\"}}]"));
        }

        var binary = new byte[1024];
        new Random(42).NextBytes(binary);
        packets.Add(EngineIoPacket.Message(binary));
        _packets = [.. packets];
        _v4Payload = Encode(PayloadCodecV4.Encode);
        _v3TextPayload = Encode(PayloadCodecV3.EncodeText);
        _v3BinaryPayload = Encode(PayloadCodecV3.EncodeBinary);
    }

    [Benchmark]
    public int EncodeV4()
    {
        _output.ResetWrittenCount();
        PayloadCodecV4.Encode(_packets, _output);
        return _output.WrittenCount;
    }

    [Benchmark]
    public int DecodeV4() => PayloadCodecV4.Decode(_v4Payload).Count;

    [Benchmark]
    public int EncodeV3Text()
    {
        _output.ResetWrittenCount();
        PayloadCodecV3.EncodeText(_packets, _output);
        return _output.WrittenCount;
    }

    [Benchmark]
    public int DecodeV3Text() => PayloadCodecV3.DecodeText(_v3TextPayload).Count;

    [Benchmark]
    public int EncodeV3Binary()
    {
        _output.ResetWrittenCount();
        PayloadCodecV3.EncodeBinary(_packets, _output);
        return _output.WrittenCount;
    }

    [Benchmark]
    public int DecodeV3Binary() => PayloadCodecV3.DecodeBinary(_v3BinaryPayload).Count;

    [Benchmark]
    public int EncodeWebSocketTextFrame()
    {
        _output.ResetWrittenCount();
        PacketCodec.EncodeTextUtf8(_packets[0], _output);
        return _output.WrittenCount;
    }

    [Benchmark]
    public string? DecodeWebSocketTextFrame() => PacketCodec.DecodeTextUtf8(Encoding.UTF8.GetBytes("4hello"), EngineIoVersion.V4).Text;

    private byte[] Encode(Action<IReadOnlyList<EngineIoPacket>, IBufferWriter<byte>> encode)
    {
        var output = new ArrayBufferWriter<byte>();
        encode(_packets, output);
        return output.WrittenSpan.ToArray();
    }
}
