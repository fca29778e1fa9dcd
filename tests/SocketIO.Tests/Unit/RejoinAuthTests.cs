using System.Threading.Channels;
using Tusk.Testing;

namespace Tusk.SocketIO.Tests.Unit;

/// <summary>
/// Joining a namespace again after a reconnection asks the auth provider again, within ConnectTimeout (on a fake
/// clock here). A provider that throws or hangs is not the end of it: ConnectError is raised and the reconnection starts
/// over on a new connection, where the provider is asked again. An auth payload that is not a JSON object is refused on
/// every connect, before anything is sent.
/// </summary>
[Parallelizable(ParallelScope.All)]
public sealed class RejoinAuthTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private static SocketIoClient Client(FakeSessionFactory factory, FakeClock clock, Func<int, CancellationToken, ValueTask<object?>> provider)
    {
        var calls = 0;
        return new SocketIoClient(new Uri("http://127.0.0.1:1"), new SocketIoClientOptions
        {
            TimeProvider = clock,
            ReconnectionDelay = TimeSpan.FromSeconds(1),
            ReconnectionDelayMax = TimeSpan.FromSeconds(1),
            RandomizationFactor = 0,
            ConnectTimeout = TimeSpan.FromSeconds(20),
            AuthProvider = cancellationToken => provider(Interlocked.Increment(ref calls), cancellationToken),
        }, factory);
    }

    private static ValueTask<object?> Token(int call) => ValueTask.FromResult<object?>(new { token = "t" + call });

    [Test]
    public async Task A_provider_that_throws_on_a_rejoin_raises_ConnectError_and_the_reconnection_asks_it_again()
    {
        var factory = new FakeSessionFactory(SocketIoProtocol.V5);
        var clock = new FakeClock();
        await using var client = Client(factory, clock, (call, _) => call == 2 ? throw new InvalidOperationException("vault unreachable") : Token(call));
        var errors = Channel.CreateUnbounded<SocketIoConnectErrorEventArgs>();
        client.ConnectError += (_, e) => errors.Writer.TryWrite(e);
        var connected = Channel.CreateUnbounded<SocketIoConnectedEventArgs>();
        client.Connected += (_, e) => connected.Writer.TryWrite(e);
        var first = await ConnectAsync(factory, client, "t1");
        await connected.Reader.ReadAsync().AsTask().WaitAsync(Timeout);

        first.ServerCloses(SocketIoDisconnectReason.TransportClose);
        await clock.AdvanceWhenArmedAsync(TimeSpan.FromSeconds(1), Timeout);
        var second = await factory.NextOpenedAsync();
        var error = await errors.Reader.ReadAsync().AsTask().WaitAsync(Timeout);

        Assert.That(error.Exception.Message, Does.Contain("auth provider of namespace '/' threw InvalidOperationException"));
        Assert.That(error.Exception.Message, Does.Not.Contain("vault"), "the application's own message may hold a secret: it stays inside");
        Assert.That(error.Exception.InnerException, Is.InstanceOf<InvalidOperationException>());
        Assert.That(error.WillRetry, Is.True);
        Assert.That(second.Sent.Reader.TryRead(out _), Is.False, "no CONNECT without its auth");

        await clock.AdvanceWhenArmedAsync(TimeSpan.FromSeconds(1), Timeout);
        var third = await factory.NextOpenedAsync();
        Assert.That(await third.NextSentAsync(), Is.EqualTo("0{\"token\":\"t3\"}"), "asked again on the new connection");
        third.ServerSends("0{\"sid\":\"s3\"}");
        await connected.Reader.ReadAsync().AsTask().WaitAsync(Timeout);
        Assert.That(client.IsConnected, Is.True);
    }

    [Test]
    public async Task A_provider_that_never_returns_on_a_rejoin_raises_ConnectError_after_ConnectTimeout()
    {
        var factory = new FakeSessionFactory(SocketIoProtocol.V5);
        var clock = new FakeClock();
        var hanging = new TaskCompletionSource<object?>();
        await using var client = Client(factory, clock, (call, _) => call == 2 ? new ValueTask<object?>(hanging.Task) : Token(call));
        var errors = Channel.CreateUnbounded<SocketIoConnectErrorEventArgs>();
        client.ConnectError += (_, e) => errors.Writer.TryWrite(e);
        var first = await ConnectAsync(factory, client, "t1");

        first.ServerCloses(SocketIoDisconnectReason.TransportClose);
        await clock.AdvanceWhenArmedAsync(TimeSpan.FromSeconds(1), Timeout);
        await factory.NextOpenedAsync();
        await clock.AdvanceWhenArmedAsync(TimeSpan.FromSeconds(20), Timeout);
        var error = await errors.Reader.ReadAsync().AsTask().WaitAsync(Timeout);

        Assert.That(error.Exception.Message, Does.Contain("did not return within 20 s (ConnectTimeout)"));
        Assert.That(error.WillRetry, Is.True);
        await clock.AdvanceWhenArmedAsync(TimeSpan.FromSeconds(1), Timeout);
        var third = await factory.NextOpenedAsync();
        Assert.That(await third.NextSentAsync(), Is.EqualTo("0{\"token\":\"t3\"}"));
    }

    [Test]
    public async Task A_provider_that_throws_or_hangs_on_the_first_connect_fails_ConnectAsync_with_it_inside()
    {
        var factory = new FakeSessionFactory(SocketIoProtocol.V5);
        var clock = new FakeClock();
        var hanging = new TaskCompletionSource<object?>();
        await using var client = Client(factory, clock, (call, _) => call == 1 ? throw new InvalidOperationException("secret-ish") : new ValueTask<object?>(hanging.Task));

        var thrown = Assert.CatchAsync<SocketIoConnectException>(() => client.ConnectAsync().WaitAsync(Timeout));
        Assert.That(thrown!.InnerException, Is.InstanceOf<InvalidOperationException>());
        Assert.That(thrown.Message, Does.Not.Contain("secret-ish"));

        var connecting = client.ConnectAsync();
        await clock.AdvanceWhenArmedAsync(TimeSpan.FromSeconds(20), Timeout);
        var timedOut = Assert.CatchAsync<SocketIoConnectException>(() => connecting.WaitAsync(Timeout));
        Assert.That(timedOut!.Message, Does.Contain("did not return within 20 s (ConnectTimeout)"));
    }

    [TestCase("\"just-a-token\"", "string")]
    [TestCase("[1,2]", "array")]
    [TestCase("42", "number")]
    public async Task An_auth_payload_that_is_not_an_object_is_refused_before_anything_is_sent(string json, string kind)
    {
        var factory = new FakeSessionFactory(SocketIoProtocol.V5);
        await using var client = new SocketIoClient(new Uri("http://127.0.0.1:1"), new SocketIoClientOptions
        {
            Auth = System.Text.Json.JsonDocument.Parse(json).RootElement.Clone(),
            Reconnection = false,
        }, factory);

        var connecting = client.ConnectAsync();
        var session = await factory.NextOpenedAsync();
        var error = Assert.ThrowsAsync<InvalidOperationException>(() => connecting.WaitAsync(Timeout));

        Assert.That(error!.Message, Does.Contain($"must serialize to a JSON object (it serialized to a JSON {kind})"));
        Assert.That(error.Message, Does.Not.Contain("just-a-token"));
        Assert.That(session.Sent.Reader.TryRead(out var sent), Is.False, $"nothing was sent, but got {sent}");
    }

    private static async Task<FakeSession> ConnectAsync(FakeSessionFactory factory, SocketIoClient client, string token)
    {
        var connecting = client.ConnectAsync();
        var session = await factory.NextOpenedAsync();
        Assert.That(await session.NextSentAsync(), Is.EqualTo("0{\"token\":\"" + token + "\"}"));
        session.ServerSends("0{\"sid\":\"s1\"}");
        await connecting.WaitAsync(Timeout);
        return session;
    }
}
