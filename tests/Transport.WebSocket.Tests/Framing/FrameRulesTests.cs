using Tusk.Transport.WebSocket.Framing;

namespace Tusk.Transport.WebSocket.Tests.Framing;

[Parallelizable(ParallelScope.All)]
public class FrameRulesTests
{
    [TestCase(true, false, false, false, 0x1, false, 5L, false, false, ExpectedResult = 0)]
    [TestCase(false, false, false, false, 0x2, false, 5L, false, false, ExpectedResult = 0)]
    [TestCase(true, false, false, false, 0x0, false, 5L, false, true, ExpectedResult = 0)]
    [TestCase(true, false, false, false, 0x9, false, 125L, false, true, ExpectedResult = 0)]
    [TestCase(true, true, false, false, 0x1, false, 5L, true, false, ExpectedResult = 0)]
    [TestCase(true, false, false, false, 0x1, true, 5L, false, false, ExpectedResult = 1002)]
    [TestCase(true, false, true, false, 0x1, false, 5L, false, false, ExpectedResult = 1002)]
    [TestCase(true, false, false, true, 0x1, false, 5L, false, false, ExpectedResult = 1002)]
    [TestCase(true, true, false, false, 0x1, false, 5L, false, false, ExpectedResult = 1002)]
    [TestCase(true, true, false, false, 0x0, false, 5L, true, true, ExpectedResult = 1002)]
    [TestCase(true, true, false, false, 0x9, false, 5L, true, false, ExpectedResult = 1002)]
    [TestCase(false, false, false, false, 0x9, false, 5L, false, false, ExpectedResult = 1002)]
    [TestCase(true, false, false, false, 0xA, false, 126L, false, false, ExpectedResult = 1002)]
    [TestCase(true, false, false, false, 0x0, false, 5L, false, false, ExpectedResult = 1002)]
    [TestCase(true, false, false, false, 0x1, false, 5L, false, true, ExpectedResult = 1002)]
    [TestCase(true, false, false, false, 0x3, false, 0L, false, false, ExpectedResult = 1002)]
    [TestCase(true, false, false, false, 0x7, false, 0L, false, false, ExpectedResult = 1002)]
    [TestCase(true, false, false, false, 0xB, false, 0L, false, false, ExpectedResult = 1002)]
    [TestCase(true, false, false, false, 0xF, false, 0L, false, false, ExpectedResult = 1002)]
    public int Applies_the_client_side_frame_rules(bool fin, bool rsv1, bool rsv2, bool rsv3, int opcode, bool masked, long length, bool compression, bool inMessage)
    {
        var header = new FrameHeader(fin, rsv1, rsv2, rsv3, (byte)opcode, masked, masked ? 1 : 0, length);
        var code = FrameRules.Validate(header, compression, inMessage, out var error);
        Assert.That(error is null, Is.EqualTo(code == 0));
        return code;
    }
}
