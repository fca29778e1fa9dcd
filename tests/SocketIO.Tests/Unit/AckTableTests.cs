using Tusk.SocketIO.Internal;
using Tusk.SocketIO.Serialization;

namespace Tusk.SocketIO.Tests.Unit;

public class AckTableTests
{
    private static readonly SocketIoJson Json = new();

    [Test]
    public void Ids_StartAtZeroAndIncrease()
    {
        var table = new AckTable();

        Assert.That(new[] { table.NextId(), table.NextId(), table.NextId() }, Is.EqualTo(new long[] { 0, 1, 2 }));
    }

    [Test]
    public async Task TryComplete_CompletesOnceAndIgnoresUnknownIds()
    {
        var table = new AckTable();
        var pending = table.Register(0);
        var ack = new SocketIoAck(SocketIoJson.DecodeArguments("[1]", []), Json);

        Assert.That(table.TryComplete(5, ack), Is.False);
        Assert.That(table.TryComplete(0, ack), Is.True);
        Assert.That(table.TryComplete(0, ack), Is.False);
        Assert.That((await pending).GetValue<int>(), Is.EqualTo(1));
    }

    [Test]
    public void FailSent_FailsSentAcksAndKeepsBufferedOnes()
    {
        var table = new AckTable();
        var sent = table.Register(0);
        var buffered = table.Register(1);
        table.MarkSent(0);

        table.FailSent(new SocketIoDisconnectedException(SocketIoDisconnectReason.TransportClose));

        Assert.That(sent.IsFaulted, Is.True);
        Assert.That(buffered.IsCompleted, Is.False);
        Assert.That(table.Count, Is.EqualTo(1));
    }
}
