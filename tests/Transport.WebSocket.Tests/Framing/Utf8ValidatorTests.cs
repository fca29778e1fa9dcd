using System.Text;
using Tusk.Transport.WebSocket.Framing;

namespace Tusk.Transport.WebSocket.Tests.Framing;

[Parallelizable(ParallelScope.All)]
public class Utf8ValidatorTests
{
    private static readonly string[] s_validTexts =
    [
        "",
        "Hello-µ@ßöäüàá-UTF-8!!",
        "κόσμε",
        "\u0080\u07FF\u0800\uFFFF",
        "\U00010000\U0010FFFF",
        "\uFDD0\uFFFE",
        "plain ascii that is longer than a vector register, so the vector path runs too.",
    ];

    [TestCaseSource(nameof(s_validTexts))]
    public void Valid_text_passes_split_at_every_position(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        for (var split = 0; split <= bytes.Length; split++)
        {
            var validator = default(Utf8Validator);
            Assert.That(validator.Append(bytes.AsSpan(0, split)), Is.True, $"first part, split {split}");
            Assert.That(validator.Append(bytes.AsSpan(split)), Is.True, $"second part, split {split}");
            Assert.That(validator.IsComplete, Is.True, $"complete, split {split}");
        }
    }

    [TestCaseSource(nameof(s_validTexts))]
    public void Valid_text_passes_one_byte_at_a_time(string text)
    {
        var validator = default(Utf8Validator);
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            Assert.That(validator.Append([b]), Is.True);
        }

        Assert.That(validator.IsComplete, Is.True);
    }

    // Each case is an invalid prefix: it must fail on the chunk that makes it invalid, before any later bytes.
    [TestCase(new byte[] { 0xC0 })]
    [TestCase(new byte[] { 0xC1 })]
    [TestCase(new byte[] { 0xF5 })]
    [TestCase(new byte[] { 0xFF })]
    [TestCase(new byte[] { 0x80 })]
    [TestCase(new byte[] { 0xE0, 0x80 })]
    [TestCase(new byte[] { 0xED, 0xA0 })]
    [TestCase(new byte[] { 0xF0, 0x80 })]
    [TestCase(new byte[] { 0xF4, 0x90 })]
    [TestCase(new byte[] { 0xCE, 0xBA, 0xE1, 0xBD, 0xB9, 0xCF, 0x83, 0xCE, 0xBC, 0xCE, 0xB5, 0xED, 0xA0, 0x80, 0x65, 0x64, 0x69, 0x74, 0x65, 0x64 })]
    [TestCase(new byte[] { 0xE2, 0x82, 0x41 })]
    public void An_invalid_prefix_fails_fast_one_byte_at_a_time(byte[] bytes)
    {
        var validator = default(Utf8Validator);
        var failedAt = -1;
        for (var i = 0; i < bytes.Length; i++)
        {
            if (!validator.Append(bytes.AsSpan(i, 1)))
            {
                failedAt = i;
                break;
            }
        }

        var firstInvalidPrefix = FirstInvalidPrefixLength(bytes);
        Assert.That(failedAt, Is.EqualTo(firstInvalidPrefix - 1));
    }

    [TestCase(new byte[] { 0xE0, 0xA0 })]
    [TestCase(new byte[] { 0xF0, 0x90, 0x80 })]
    [TestCase(new byte[] { 0xC2 })]
    public void An_unfinished_sequence_is_incomplete_not_invalid(byte[] bytes)
    {
        var validator = default(Utf8Validator);
        Assert.Multiple(() =>
        {
            Assert.That(validator.Append(bytes), Is.True);
            Assert.That(validator.IsComplete, Is.False);
        });
    }

    [Test]
    public void Chunked_validation_agrees_with_the_whole_message_check_on_random_bytes()
    {
        var random = new Random(42);
        for (var round = 0; round < 3000; round++)
        {
            var bytes = new byte[random.Next(1, 24)];
            for (var i = 0; i < bytes.Length; i++)
            {
                // Mostly well-formed bytes with some noise, so both outcomes occur often.
                bytes[i] = random.Next(4) == 0 ? (byte)random.Next(256) : Encoding.UTF8.GetBytes(((char)random.Next(0x20, 0x3000)).ToString())[0];
            }

            var split = random.Next(bytes.Length + 1);
            var validator = default(Utf8Validator);
            var chunked = validator.Append(bytes.AsSpan(0, split)) && validator.Append(bytes.AsSpan(split)) && validator.IsComplete;
            Assert.That(chunked, Is.EqualTo(System.Text.Unicode.Utf8.IsValid(bytes)), Convert.ToHexString(bytes));
        }
    }

    private static int FirstInvalidPrefixLength(byte[] bytes)
    {
        // The shortest prefix that no valid UTF-8 string starts with.
        for (var length = 1; length <= bytes.Length; length++)
        {
            if (!CanStartValidUtf8(bytes.AsSpan(0, length)))
            {
                return length;
            }
        }

        return -1;
    }

    private static bool CanStartValidUtf8(ReadOnlySpan<byte> prefix)
    {
        // Try completing the prefix with every continuation of up to 3 bytes; brute force is fine at this size.
        if (System.Text.Unicode.Utf8.IsValid(prefix))
        {
            return true;
        }

        Span<byte> buffer = stackalloc byte[prefix.Length + 3];
        prefix.CopyTo(buffer);
        for (var extra = 1; extra <= 3; extra++)
        {
            for (var value = 0x80; value <= 0xBF; value++)
            {
                buffer.Slice(prefix.Length, extra).Fill((byte)value);
                if (System.Text.Unicode.Utf8.IsValid(buffer[..(prefix.Length + extra)]))
                {
                    return true;
                }
            }
        }

        return false;
    }
}
