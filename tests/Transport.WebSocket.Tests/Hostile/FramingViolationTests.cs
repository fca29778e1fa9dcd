using static Tusk.Transport.WebSocket.Tests.Hostile.RawPeer;

namespace Tusk.Transport.WebSocket.Tests.Hostile;

/// <summary>Frames no client may accept (RFC 6455 §5.2–5.5): each fails the connection with 1002.</summary>
[Parallelizable(ParallelScope.Fixtures)]
public class FramingViolationTests
{
    [TestCase(4, TestName = "RSV1 set without permessage-deflate")]
    [TestCase(2, TestName = "RSV2 set")]
    [TestCase(1, TestName = "RSV3 set")]
    [TestCase(7, TestName = "all RSV bits set")]
    public Task Reserved_bits_fail_with_1002(int rsv) =>
        HostileAssert.ClientFailsWithAsync(Frame(0x1, "Hello"u8.ToArray(), rsv: rsv), 1002);

    [TestCase(0x3)]
    [TestCase(0x7)]
    [TestCase(0xB)]
    [TestCase(0xF)]
    public Task Reserved_opcodes_fail_with_1002(int opcode) =>
        HostileAssert.ClientFailsWithAsync(Frame(opcode, [1, 2, 3]), 1002);

    [Test]
    public Task A_fragmented_ping_fails_with_1002() =>
        HostileAssert.ClientFailsWithAsync(Frame(0x9, "ping"u8.ToArray(), fin: false), 1002);

    [Test]
    public Task A_ping_of_126_bytes_fails_with_1002() =>
        HostileAssert.ClientFailsWithAsync(Frame(0x9, new byte[126]), 1002);

    [Test]
    public Task A_close_with_RSV1_fails_with_1002() =>
        HostileAssert.ClientFailsWithAsync(Frame(0x8, [0x03, 0xE8], rsv: 4), 1002);

    [Test]
    public Task A_64_bit_length_with_the_top_bit_set_fails_with_1002() =>
        HostileAssert.ClientFailsWithAsync(Frame(0x2, [], forcedLength: 0x8000_0000_0000_0001UL), 1002);

    [Test]
    public Task A_masked_frame_from_the_server_fails_with_1002() =>
        HostileAssert.ClientFailsWithAsync(Frame(0x1, "Hello"u8.ToArray(), masked: true), 1002);

    [Test]
    public Task A_continuation_with_nothing_to_continue_fails_with_1002() =>
        HostileAssert.ClientFailsWithAsync(Frame(0x0, "lo"u8.ToArray()), 1002);

    [Test]
    public Task A_new_text_frame_inside_a_fragmented_message_fails_with_1002() =>
        HostileAssert.ClientFailsWithAsync([.. Text("Hel", fin: false), .. Text("lo")], 1002);

    // The violation is in the last byte of the header, so the peer has written everything before the client
    // can react; a violation seen earlier would race the peer's remaining writes against the client's TCP drop.
    [Test]
    public Task A_violation_sent_one_byte_per_write_still_fails_with_1002() =>
        HostileAssert.ClientFailsWithAsync(Frame(0x2, [], forcedLength: 0x8000_0000_0000_0001UL), 1002, chop: 1);
}
