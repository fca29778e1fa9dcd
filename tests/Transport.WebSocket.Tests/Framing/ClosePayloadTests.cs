using Tusk.Transport.WebSocket.Framing;

namespace Tusk.Transport.WebSocket.Tests.Framing;

[Parallelizable(ParallelScope.All)]
public class ClosePayloadTests
{
    [TestCase(1000)]
    [TestCase(1001)]
    [TestCase(1002)]
    [TestCase(1003)]
    [TestCase(1007)]
    [TestCase(1008)]
    [TestCase(1009)]
    [TestCase(1010)]
    [TestCase(1011)]
    [TestCase(1012)]
    [TestCase(1014)]
    [TestCase(3000)]
    [TestCase(3999)]
    [TestCase(4000)]
    [TestCase(4999)]
    public void Accepts_codes_allowed_on_the_wire(int code)
    {
        var body = new byte[2 + 2];
        var length = ClosePayload.Write(body, code, "ok");
        Assert.That(ClosePayload.TryParse(body.AsSpan(0, length), out var parsed, out var reason, out _), Is.Zero);
        Assert.That((parsed, reason), Is.EqualTo((code, "ok")));
    }

    [TestCase(0)]
    [TestCase(999)]
    [TestCase(1004)]
    [TestCase(1005)]
    [TestCase(1006)]
    [TestCase(1015)]
    [TestCase(1016)]
    [TestCase(1100)]
    [TestCase(2000)]
    [TestCase(2999)]
    [TestCase(5000)]
    [TestCase(65535)]
    public void Rejects_codes_not_allowed_on_the_wire_with_1002(int code)
    {
        byte[] body = [(byte)(code >> 8), (byte)code];
        Assert.That(ClosePayload.TryParse(body, out _, out _, out var error), Is.EqualTo(1002));
        Assert.That(error, Does.Contain(code.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Test]
    public void An_empty_body_means_no_status()
    {
        Assert.That(ClosePayload.TryParse([], out var code, out var reason, out _), Is.Zero);
        Assert.That((code, reason), Is.EqualTo((1005, (string?)null)));
    }

    [Test]
    public void A_one_byte_body_is_a_protocol_error() =>
        Assert.That(ClosePayload.TryParse([0x03], out _, out _, out _), Is.EqualTo(1002));

    [Test]
    public void A_reason_that_is_not_utf8_is_invalid_payload() =>
        Assert.That(ClosePayload.TryParse([0x03, 0xE8, 0xCE, 0xBA, 0xED, 0xA0, 0x80], out _, out _, out _), Is.EqualTo(1007));

    [Test]
    public void A_reason_longer_than_123_bytes_is_refused()
    {
        Assert.Multiple(() =>
        {
            Assert.That(ClosePayload.GetLength(new string('a', 123)), Is.EqualTo(125));
            Assert.That(() => ClosePayload.GetLength(new string('a', 124)), Throws.ArgumentException);
        });
    }
}
