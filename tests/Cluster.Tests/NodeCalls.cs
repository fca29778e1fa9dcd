using System.Text.Json;
using Tusk.SocketIO;

namespace Tusk.Cluster.Tests;

/// <summary>Conversations with the cluster nodes' handlers (tests/cluster/servers/node.js).</summary>
internal static class NodeCalls
{
    /// <summary>The node (n1..n3) serving <paramref name="socket"/>.</summary>
    public static async Task<string> WhichNodeAsync(SocketIoSocket socket)
    {
        var me = await socket.EmitWithAckAsync<JsonElement>("whoami").WaitAsync(ClusterTarget.Timeout);
        return me.GetProperty("node").GetString()!;
    }

    /// <summary>Joins <paramref name="room"/> and returns the node that handled it.</summary>
    public static Task<string> JoinAsync(SocketIoSocket socket, string room) =>
        socket.EmitWithAckAsync<string>("join", room).WaitAsync(ClusterTarget.Timeout);

    /// <summary>Asks the node behind <paramref name="socket"/> to broadcast <c>news</c> to <paramref name="room"/> (null: the whole namespace).</summary>
    public static Task<string> BroadcastAsync(SocketIoSocket socket, string? room, string payload) =>
        socket.EmitWithAckAsync<string>("broadcast", room, payload).WaitAsync(ClusterTarget.Timeout);

    /// <summary>Waits for the next <c>news</c> event and returns (payload, node that broadcast it).</summary>
    public static async Task<(string Payload, string From)> NextNewsAsync(SocketIoSocket socket)
    {
        // No assertion here: the node-loss rounds call this from a fixture's set-up, where an assertion would count
        // against the fixture rather than the one test whose record it is.
        var news = await socket.WaitAsync("news", ClusterTarget.Timeout)
            ?? throw new TimeoutException($"no 'news' reached {socket.Namespace} within {ClusterTarget.Timeout.TotalSeconds:0} s");
        return (news.GetValue<string>(0), news.GetValue<string>(1));
    }

    public static string NewRoom() => "room-" + Guid.NewGuid().ToString("N");
}
