using System.Reflection;
using System.Text.Json;
using Moq;

namespace Tusk.SocketIO.Tests.Unit;

/// <summary>
/// <see cref="ISocketIoClient"/> and <see cref="ISocketIoSocket"/> cover the public socket API, the real client
/// implements them, and an application's code written against them can be tested with a Moq fake, events and acks
/// included.
/// </summary>
public class ClientInterfaceTests
{
    /// <summary>Application code as a user writes it: depends on the interface only.</summary>
    private sealed class PriceWatcher(ISocketIoClient socket)
    {
        public List<decimal> Prices { get; } = [];

        public void Start() => socket.On("price", async e =>
        {
            Prices.Add(e.GetValue<decimal>());
            if (e.AckRequested)
            {
                await e.AckAsync("seen");
            }
        });

        public Task<int> SubscribeAsync(string symbol) => socket.EmitWithAckAsync<int>("subscribe", symbol);

        public async Task<string?> FirstAlertAsync()
        {
            var alerts = socket.Of("/alerts");
            await alerts.ConnectAsync();
            var alert = await alerts.WaitAsync("alert", TimeSpan.FromSeconds(1));
            return alert?.GetValue<string>();
        }
    }

    [Test]
    public async Task An_application_fakes_the_client_with_Moq()
    {
        var socket = new Mock<ISocketIoClient>();
        Func<SocketIoEvent, Task>? onPrice = null;
        socket.Setup(s => s.On("price", It.IsAny<Func<SocketIoEvent, Task>>()))
            .Callback<string, Func<SocketIoEvent, Task>>((_, handler) => onPrice = handler)
            .Returns(Mock.Of<IDisposable>());
        socket.Setup(s => s.EmitWithAckAsync<int>("subscribe", new object?[] { "TUSK" })).ReturnsAsync(42);
        var alerts = new Mock<ISocketIoSocket>();
        alerts.Setup(s => s.WaitAsync("alert", It.IsAny<TimeSpan>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new SocketIoEvent("alert", [JsonSerializer.SerializeToElement("halted")], "/alerts"));
        socket.Setup(s => s.Of("/alerts")).Returns(alerts.Object);
        var watcher = new PriceWatcher(socket.Object);

        watcher.Start();
        await onPrice!(new SocketIoEvent("price", [JsonSerializer.SerializeToElement(12.5m)]));
        object?[]? acked = null;
        await onPrice(new SocketIoEvent("price", [JsonSerializer.SerializeToElement(13m)], acknowledge: (arguments, _) =>
        {
            acked = arguments;
            return Task.CompletedTask;
        }));

        await Assert.MultipleAsync(async () =>
        {
            Assert.That(watcher.Prices, Is.EqualTo(new[] { 12.5m, 13m }));
            Assert.That(acked, Is.EqualTo(new object?[] { "seen" }));
            Assert.That(await watcher.SubscribeAsync("TUSK"), Is.EqualTo(42));
            Assert.That(await watcher.FirstAlertAsync(), Is.EqualTo("halted"));
        });
        alerts.Verify(s => s.ConnectAsync(It.IsAny<CancellationToken>()), Times.Once);
    }

    [Test]
    public void A_fake_ack_reads_like_a_received_one()
    {
        var ack = new SocketIoAck([JsonSerializer.SerializeToElement(new { userName = "peter" }), JsonSerializer.SerializeToElement(3)]);

        Assert.That(ack.Count, Is.EqualTo(2));
        Assert.That(ack.GetValue<User>(0).UserName, Is.EqualTo("peter"), "web defaults, as the client reads");
        Assert.That(ack.GetValue<int>(1), Is.EqualTo(3));
    }

    [Test]
    public void A_fake_event_without_an_acknowledge_callback_asks_for_no_ack()
    {
        var received = new SocketIoEvent("news", []);

        Assert.That(received.AckRequested, Is.False);
        Assert.That(received.Namespace, Is.EqualTo("/"));
        Assert.ThrowsAsync<InvalidOperationException>(() => received.AckAsync("x"));
    }

    [Test]
    public async Task The_real_client_is_the_interface_and_Of_returns_its_sockets()
    {
        await using var client = new SocketIoClient(new Uri("http://127.0.0.1:1"));
        ISocketIoClient asInterface = client;

        Assert.That(asInterface.Of("/"), Is.SameAs(client));
        Assert.That(asInterface.Of("/admin"), Is.SameAs(client.Of("/admin")));
        Assert.That(asInterface.Of("/admin", auth: null), Is.SameAs(client.Of("/admin")));
    }

    [TestCase(typeof(SocketIoSocket), typeof(ISocketIoSocket))]
    [TestCase(typeof(SocketIoClient), typeof(ISocketIoClient))]
    public void The_interface_covers_every_public_member(Type implementation, Type contract)
    {
        // What the interfaces leave out on purpose: construction and the options object (configuration, not the socket API).
        string[] leftOut = [nameof(SocketIoClient.Options)];
        var covered = contract.GetInterfaces().Append(contract)
            .SelectMany(i => i.GetMembers())
            .Select(Describe)
            .ToHashSet();
        var missing = implementation.GetMembers(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
            .Where(m => m is not ConstructorInfo && !(m is MethodInfo { IsSpecialName: true }) && !leftOut.Contains(m.Name))
            .Select(Describe)
            .Where(d => !covered.Contains(d));

        Assert.That(missing, Is.Empty);
    }

    private static string Describe(MemberInfo member) => member switch
    {
        MethodInfo method => $"{method.Name}({string.Join(",", method.GetParameters().Select(p => p.ParameterType.Name))})",
        _ => member.Name,
    };

    private sealed record User(string UserName);
}
