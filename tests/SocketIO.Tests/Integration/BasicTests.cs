namespace Tusk.SocketIO.Tests.Integration;

[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class BasicTests
{
    [TestCaseSource(typeof(SioTarget), nameof(SioTarget.All))]
    public async Task Basic_HelloThenTestEchoedWithOkay(SioTarget target)
    {
        var server = await target.ServerAsync();
        await using var client = target.Client(server);
        var socket = client.Of("/basic");

        await socket.ConnectAsync().WaitAsync(SioTarget.Timeout);
        var hello = await socket.WaitAsync("hello", SioTarget.Timeout);
        await socket.EmitAsync("test", 1, 2, "test");
        var reply = await socket.WaitAsync("test", SioTarget.Timeout);

        Assert.That(hello, Is.Not.Null);
        Assert.That(hello!.Count, Is.Zero);
        Assert.That(reply, Is.Not.Null);
        Assert.That(reply!.ToString(), Is.EqualTo("[1,2,\"Okay\"]"));
    }

    [TestCaseSource(typeof(SioTarget), nameof(SioTarget.All))]
    public async Task Basic_WithoutKeepAlive_StillWorks(SioTarget target)
    {
        var server = await target.ServerAsync();
        await using var client = target.Client(server, o => o.KeepAlive = false);
        var socket = client.Of("/basic");

        await socket.ConnectAsync().WaitAsync(SioTarget.Timeout);
        await socket.EmitAsync("test", 1, 2, "test");
        var reply = await socket.WaitAsync("test", SioTarget.Timeout);

        Assert.That(reply?.GetValue<string>(2), Is.EqualTo("Okay"));
    }

    [TestCaseSource(typeof(SioTarget), nameof(SioTarget.All))]
    public async Task DefaultNamespace_EchoAndAckEcho(SioTarget target)
    {
        var server = await target.ServerAsync();
        await using var client = target.Client(server);

        await client.ConnectAsync().WaitAsync(SioTarget.Timeout);
        var echoed = await client.EmitWithAckAsync<string>("ack-echo", "hi").WaitAsync(SioTarget.Timeout);

        Assert.That(echoed, Is.EqualTo("hi"));
        Assert.That(client.IsConnected, Is.True);
        Assert.That(client.Id, Is.Not.Null.And.Not.Empty);
        Assert.That(client.NegotiatedProtocol, Is.EqualTo(target.Version >= 3 ? SocketIoProtocol.V5 : SocketIoProtocol.V4));
    }
}
