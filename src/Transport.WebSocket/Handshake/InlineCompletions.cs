using System.Net.Sockets;
using System.Reflection;

namespace Tusk.Transport.WebSocket.Handshake;

/// <summary>
/// Inline completions for one socket: the runtime's internal <c>Socket.PreferInlineCompletions</c>. On Linux and macOS
/// the runtime's socket engine (one thread waiting in epoll/kqueue) normally queues every completed socket operation to
/// the thread pool; for a socket with this property set it runs the continuation on its own thread instead. That is
/// what <c>DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1</c> does for every socket of a process; this does it for the
/// sockets that ask. The property is internal and marked experimental, but the runtime keeps its setter for reflection
/// on purpose (a <c>DynamicDependency</c> on it, so trimming and Native AOT keep it too). A runtime without it (or
/// Windows, whose I/O completion ports have no such queue to skip) leaves the socket as it is.
/// </summary>
internal static class InlineCompletions
{
    private static readonly PropertyInfo? s_property =
        typeof(Socket).GetProperty("PreferInlineCompletions", BindingFlags.Instance | BindingFlags.NonPublic);

    /// <summary>Asks for inline completions on <paramref name="socket"/>.</summary>
    /// <returns>Whether the runtime took the request.</returns>
    public static bool TryEnable(Socket socket)
    {
        if (OperatingSystem.IsWindows() || s_property is not { PropertyType: var type, SetMethod: not null } || type != typeof(bool))
        {
            return false;
        }

        try
        {
            s_property.SetValue(socket, true);
            return true;
        }
        catch (Exception ex) when (ex is TargetInvocationException or MemberAccessException or ArgumentException or NotSupportedException)
        {
            return false;
        }
    }
}
