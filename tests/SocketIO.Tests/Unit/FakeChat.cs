namespace Tusk.SocketIO.Tests.Unit;

/// <summary>The namespace "/chat" of a client on fake sessions, connected the way the unit tests need it.</summary>
internal static class FakeChat
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    /// <summary>Connects "/chat" on the next session <paramref name="factory"/> opens, whose server accepts it.</summary>
    public static async Task<(FakeSession Session, SocketIoSocket Chat)> ConnectAsync(FakeSessionFactory factory, SocketIoClient client)
    {
        var chat = client.Of("/chat");
        var connecting = chat.ConnectAsync();
        var session = await factory.NextOpenedAsync();
        Assert.That(await session.NextSentAsync(), Does.StartWith("0/chat"));
        session.ServerSends("0/chat,{\"sid\":\"c1\"}");
        await connecting.WaitAsync(Timeout);
        return (session, chat);
    }
}
