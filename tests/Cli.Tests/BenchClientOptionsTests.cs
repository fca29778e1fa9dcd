using Tusk.Cli.Bench;
using Tusk.SocketIO;
using Tusk.Transport.WebSocket;

namespace Tusk.Cli.Tests;

/// <summary>
/// Every bench client runs its receive work and its ack bookkeeping on one thread (docs/cli.md, "How tusk runs"),
/// whatever the connection options it was built from say; the rest of the template is copied as given.
/// </summary>
[TestFixture]
public sealed class BenchClientOptionsTests
{
    [Test]
    public void Bench_clients_take_inline_socket_completions_and_inline_ack_continuations()
    {
        var template = new SocketIoClientOptions { Path = "/custom", AckTimeout = TimeSpan.FromSeconds(3) };
        template.Query["room"] = "blue";

        var copy = VirtualClient.Copy(template);

        Assert.Multiple(() =>
        {
            Assert.That(copy, Is.Not.SameAs(template));
            Assert.That(copy.SocketCompletions, Is.EqualTo(SocketCompletionMode.Inline));
            Assert.That(copy.InlineAckContinuations, Is.True);
            Assert.That(copy.Path, Is.EqualTo("/custom"));
            Assert.That(copy.AckTimeout, Is.EqualTo(TimeSpan.FromSeconds(3)));
            Assert.That(copy.Query["room"], Is.EqualTo("blue"));
            Assert.That(template.InlineAckContinuations, Is.False, "the template is left as it was");
        });
    }
}
