namespace Tusk.Cluster.Tests.Infrastructure;

/// <summary>How the nodes of a cluster share broadcasts.</summary>
internal enum ClusterAdapter
{
    /// <summary><c>@socket.io/redis-adapter</c> (Redis pub/sub): broadcasts and rooms across nodes, no recovery.</summary>
    PubSub,

    /// <summary><c>@socket.io/redis-streams-adapter</c>: also connection state recovery across nodes.</summary>
    Streams,
}
