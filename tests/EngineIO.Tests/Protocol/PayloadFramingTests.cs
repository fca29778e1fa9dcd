using System.Text;
using Tusk.EngineIO.Protocol;

namespace Tusk.EngineIO.Tests.Protocol;

public class PayloadFramingTests
{
    [TestCase("0{\"sid\":\"a\"}", false, EngineIoVersion.V4)]
    [TestCase("96:0{\"sid\":\"a\"}", false, EngineIoVersion.V3)]
    [TestCase("0:", false, EngineIoVersion.V3)]
    [TestCase("0{\"sid\":\"a\"}", true, EngineIoVersion.V3)]
    public void Revision_is_detected_from_the_framing(string body, bool binaryContentType, EngineIoVersion expected)
    {
        Assert.That(PayloadFraming.Detect(Encoding.UTF8.GetBytes(body), binaryContentType), Is.EqualTo(expected));
    }

    [Test]
    public void A_binary_payload_is_revision_3_even_without_the_content_type()
    {
        Assert.That(PayloadFraming.Detect(new byte[] { 0x00, 0x02, 0xff, 0x30, 0x7b }, binaryContentType: false), Is.EqualTo(EngineIoVersion.V3));
    }

    [Test]
    public void Batches_stay_under_max_payload_but_never_go_empty()
    {
        var packets = Enumerable.Range(0, 10).Select(_ => EngineIoPacket.Message(new string('x', 100))).ToList();
        Assert.That(PayloadBatcher.CountFitting(packets, 0, null), Is.EqualTo(10));
        Assert.That(PayloadBatcher.CountFitting(packets, 0, 350), Is.EqualTo(3));
        Assert.That(PayloadBatcher.CountFitting(packets, 9, 350), Is.EqualTo(1));
        Assert.That(PayloadBatcher.CountFitting(packets, 0, 10), Is.EqualTo(1));
    }
}
