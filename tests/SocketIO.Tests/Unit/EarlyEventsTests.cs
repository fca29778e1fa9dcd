using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Tusk.SocketIO.Tests.Unit;

/// <summary>
/// Events a recovering server replays before its CONNECT reply wait for it, within the pull buffer's bounds. One that
/// makes room drops the oldest with a warning; the recovery offset moves only with events that were delivered; and
/// when the connection ends before the reply, the held events go (with a warning) and the next recovery asks for them
/// again.
/// </summary>
[Parallelizable(ParallelScope.All)]
public sealed class EarlyEventsTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Test]
    public async Task Events_held_when_the_connection_ends_before_the_reply_are_dropped_with_a_warning_and_asked_for_again()
    {
        using var logs = new CapturingLoggerProvider();
        using var loggerFactory = LoggerFactory.Create(b => b.AddProvider(logs));
        var factory = new FakeSessionFactory(SocketIoProtocol.V5);
        await using var client = ClientBehaviourTests.Client(factory, o => o.LoggerFactory = loggerFactory);
        var first = await ClientBehaviourTests.ConnectV5Async(factory, client, "0{\"sid\":\"s1\",\"pid\":\"p1\"}");
        first.ServerSends("2[\"news\",\"hello\",\"offset-7\"]");
        Assert.That(await client.WaitAsync("news", Timeout), Is.Not.Null);

        first.ServerCloses(SocketIoDisconnectReason.TransportClose);
        var second = await factory.NextOpenedAsync();
        await second.NextSentAsync();
        second.ServerSends("2[\"missed\",\"offset-8\"]");
        await second.FirstPacketHandled;
        second.ServerCloses(SocketIoDisconnectReason.TransportClose);
        var third = await factory.NextOpenedAsync();
        using var connect = JsonDocument.Parse((await third.NextSentAsync())[1..]);

        Assert.That(connect.RootElement.GetProperty("offset").GetString(), Is.EqualTo("offset-7"), "the undelivered event is asked for again");
        Assert.That(logs.Entries.Select(e => e.Name), Has.Member("EarlyEventsDropped"));
        third.ServerSends("2[\"missed\",\"offset-8\"]");
        third.ServerSends("0{\"sid\":\"s1\",\"pid\":\"p1\"}");
        Assert.That(await client.WaitAsync("missed", Timeout), Is.Not.Null, "delivered once, after the reply");
        Assert.That(await client.DrainAsync(TimeSpan.Zero), Is.Empty, "the dropped copy is not delivered as well");
    }

    [Test]
    public async Task An_event_that_makes_room_drops_the_oldest_with_a_warning_and_the_rest_arrive_in_order()
    {
        using var logs = new CapturingLoggerProvider();
        using var loggerFactory = LoggerFactory.Create(b => b.AddProvider(logs));
        var factory = new FakeSessionFactory(SocketIoProtocol.V5);
        await using var client = ClientBehaviourTests.Client(factory, o =>
        {
            o.LoggerFactory = loggerFactory;
            o.ReceiveBufferCapacity = 2;
        });
        var connecting = client.ConnectAsync();
        var session = await factory.NextOpenedAsync();
        await session.NextSentAsync();

        session.ServerSends("2[\"n\",1]");
        session.ServerSends("2[\"n\",2]");
        session.ServerSends("2[\"n\",3]");
        session.ServerSends("0{\"sid\":\"s1\"}");
        await connecting.WaitAsync(Timeout);
        var kept = await client.DrainAsync(TimeSpan.Zero);

        Assert.That(kept.Select(e => e.GetValue<int>()), Is.EqualTo(new[] { 2, 3 }));
        Assert.That(logs.Entries.Select(e => e.Name), Has.Member("EarlyEventsDropped"));
    }
}
