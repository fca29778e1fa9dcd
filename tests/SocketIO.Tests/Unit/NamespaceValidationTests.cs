namespace Tusk.SocketIO.Tests.Unit;

/// <summary>
/// A namespace name is checked before anything is sent: a ',' ends the name on the wire, a '?' starts the CONNECT's
/// query, a control character (the record separator \x1e of Engine.IO v4 polling above all) would let the rest of the
/// name be read as packets of its own, and half a surrogate pair has no UTF-8 encoding.
/// </summary>
[Parallelizable(ParallelScope.All)]
public sealed class NamespaceValidationTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    // Named cases: the names are built in code (attribute strings are stored as UTF-8, which has no half surrogate
    // pair), and a filter can select every case by name.
    private static IEnumerable<TestCaseData> RefusedNames()
    {
        yield return new TestCaseData("/x\u001e42[\"pwn\"]\u001e6").SetName("Refused_record_separator_injecting_a_packet");
        yield return new TestCaseData("/a,b").SetName("Refused_comma");
        yield return new TestCaseData("/a?b=1").SetName("Refused_question_mark");
        yield return new TestCaseData("/line\nbreak").SetName("Refused_line_feed");
        yield return new TestCaseData("/nul\0").SetName("Refused_nul");
        yield return new TestCaseData("/del\u007f").SetName("Refused_delete");
        yield return new TestCaseData("/lone" + '\ud800').SetName("Refused_lone_high_surrogate_at_the_end");
        yield return new TestCaseData("/lone" + '\udc00' + "x").SetName("Refused_lone_low_surrogate");
        yield return new TestCaseData("/high" + '\ud83d' + "x").SetName("Refused_high_surrogate_without_its_pair");
    }

    [TestCaseSource(nameof(RefusedNames))]
    public async Task A_namespace_that_would_change_the_packet_is_refused_and_nothing_is_sent(string name)
    {
        var factory = new FakeSessionFactory(SocketIoProtocol.V5);
        await using var client = ClientBehaviourTests.Client(factory);
        var session = await ClientBehaviourTests.ConnectV5Async(factory, client);

        var error = Assert.Throws<ArgumentException>(() => client.Of(name));
        Assert.Throws<ArgumentException>(() => client.Of(name, auth: new { token = "t" }));
        Assert.Throws<ArgumentException>(() => new SocketIoClient(new Uri("http://127.0.0.1:1"), new SocketIoClientOptions { Namespace = name }));

        Assert.That(error!.ParamName, Is.EqualTo("namespace"));
        Assert.That(session.Sent.Reader.TryRead(out var sent), Is.False, $"nothing was sent, but got {sent}");
        Assert.That(client.Manager.Sockets.Select(s => s.Namespace), Is.EqualTo(new[] { "/" }), "no socket was made for it");
    }

    [TestCase("/chat", "/chat")]
    [TestCase("chat", "/chat")]
    [TestCase("/caf\u00e9/\ud83d\ude00", "/caf\u00e9/\ud83d\ude00")]
    [TestCase("/a#b:c", "/a#b:c")]
    public async Task Other_names_are_sent_as_given(string name, string expected)
    {
        var factory = new FakeSessionFactory(SocketIoProtocol.V5);
        await using var client = ClientBehaviourTests.Client(factory);
        var session = await ClientBehaviourTests.ConnectV5Async(factory, client);

        var connecting = client.Of(name).ConnectAsync();

        Assert.That(await session.NextSentAsync(), Is.EqualTo("0" + expected + ","));
        session.ServerSends("0" + expected + ",{\"sid\":\"s2\"}");
        await connecting.WaitAsync(Timeout);
    }
}
