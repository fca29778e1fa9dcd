using Tusk.SocketIO.Protocol;
using Tusk.SocketIO.Sessions;
using Tusk.Testing;

namespace Tusk.SocketIO.Tests.Unit;

/// <summary>
/// When the last active namespace leaves (here: the main namespace refused on protocol v5), the client closes the
/// connection. A namespace that starts connecting at that moment must join, on the connection that stays or on a new
/// one, never on the one being closed: that close is the client's own, so nobody would hear of it and the namespace
/// waited for an answer that could not come (MainNamespaceRefusalTests' v5 case timed out once at a load of 58).
/// Sessions of ours stand in for the server, answering each CONNECT at once, so that the two run as close as possible.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class ConnectRacingCloseTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Test]
    public async Task A_namespace_connecting_while_the_refused_main_namespace_closes_the_connection_joins([Range(1, 4)] int thread)
    {
        for (var round = 0; round < 250; round++)
        {
            var factory = new AnsweringSessionFactory();
            var options = new SocketIoClientOptions { Protocol = SocketIoProtocol.V5, TimeProvider = new FakeClock() };
            await using var client = new SocketIoClient(new Uri("http://127.0.0.1:1"), options, factory);
            var basic = client.Of("/basic");

            var rootConnect = client.ConnectAsync();
            var rootFailed = Assert.ThrowsAsync<SocketIoConnectException>(() => rootConnect.WaitAsync(Timeout));
            await basic.ConnectAsync().WaitAsync(Timeout);

            Assert.That(rootFailed!.Namespace, Is.EqualTo("/"), $"thread {thread}, round {round}");
            Assert.That(basic.IsConnected, Is.True, $"thread {thread}, round {round}");
        }
    }

    /// <summary>Sessions that refuse "/" and accept every other namespace as soon as its CONNECT is sent.</summary>
    private sealed class AnsweringSessionFactory : ISocketIoSessionFactory
    {
        private int _count;

        public Task<ISocketIoSession> OpenAsync(CancellationToken cancellationToken)
        {
            var session = new FakeSession(SocketIoProtocol.V5, "engine" + Interlocked.Increment(ref _count));
            session.BeforeSend = packet =>
            {
                if (packet.Type == SocketIoPacketType.Connect)
                {
                    session.ServerSends(packet.Namespace == "/"
                        ? "4{\"message\":\"refused by the main namespace\"}"
                        : "0" + packet.Namespace + ",{\"sid\":\"s" + _count + "\"}");
                }

                return Task.CompletedTask;
            };
            return Task.FromResult<ISocketIoSession>(session);
        }

        public Task<SocketIoProtocolMismatchException?> DiagnoseAsync(Exception failure) =>
            Task.FromResult<SocketIoProtocolMismatchException?>(null);
    }
}
