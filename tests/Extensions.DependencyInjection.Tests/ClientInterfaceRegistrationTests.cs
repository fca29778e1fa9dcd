using Microsoft.Extensions.DependencyInjection;
using Moq;
using Tusk.SocketIO;

namespace Tusk.Extensions.DependencyInjection.Tests;

/// <summary>The named client is also the keyed <see cref="ISocketIoClient"/>, and a typed client may depend on the interface.</summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class ClientInterfaceRegistrationTests
{
    private static readonly Uri Server = new("http://127.0.0.1:1");

    [Test]
    public async Task The_keyed_interface_is_the_named_client()
    {
        var services = new ServiceCollection();
        services.AddSocketIoClient("chat", o => o.ServerUri = Server);
        services.AddSocketIoClient("news", o => o.ServerUri = Server);
        await using var provider = services.BuildServiceProvider();

        var chat = provider.GetRequiredKeyedService<ISocketIoClient>("chat");

        Assert.That(chat, Is.SameAs(provider.GetRequiredService<ISocketIoClientFactory>().GetClient("chat")));
        Assert.That(chat, Is.SameAs(provider.GetRequiredKeyedService<SocketIoClient>("chat")));
        Assert.That(provider.GetRequiredKeyedService<ISocketIoClient>("news"), Is.Not.SameAs(chat));
    }

    [Test]
    public async Task A_typed_client_can_take_the_interface_and_so_be_tested_with_a_fake()
    {
        var services = new ServiceCollection();
        services.AddSocketIoClient("chat", o => o.ServerUri = Server).AddTypedClient<ChatRoom>();
        await using var provider = services.BuildServiceProvider();

        var registered = provider.GetRequiredService<ChatRoom>();
        var fake = new Mock<ISocketIoClient>();
        await new ChatRoom(fake.Object).SayAsync("hi");

        Assert.That(registered.Socket, Is.SameAs(provider.GetRequiredService<ISocketIoClientFactory>().GetClient("chat")));
        fake.Verify(s => s.EmitAsync("message", new object?[] { "hi" }), Times.Once);
    }

    public sealed class ChatRoom(ISocketIoClient socket)
    {
        public ISocketIoClient Socket => socket;

        public Task SayAsync(string text) => socket.EmitAsync("message", text);
    }
}
