using System.Net.Sockets;
using System.Runtime.CompilerServices;

namespace Tusk.Transport.WebSocket.Handshake;

/// <summary>
/// Inline completions for one socket: the runtime's internal <c>Socket.PreferInlineCompletions</c>. On Linux and macOS
/// the runtime's socket engine (one thread waiting in epoll/kqueue) normally queues every completed socket operation to
/// the thread pool; for a socket with this property set it runs the continuation on its own thread instead. That is
/// what <c>DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1</c> does for every socket of a process; this does it for the
/// sockets that ask. The property is internal and marked experimental; it is reached through an
/// <see cref="UnsafeAccessorAttribute"/>, which the trimmer and Native AOT resolve at build time (no reflection, no trim
/// warning). A runtime without it throws <see cref="MissingMethodException"/> at the first call: this class then
/// remembers that and leaves every socket as it is, as it does on Windows, whose I/O completion ports have no such queue
/// to skip.
/// </summary>
internal static class InlineCompletions
{
    // 0: not tried yet; 1: the setter exists; -1: it does not.
    private static int s_available;

    /// <summary>Asks for inline completions on <paramref name="socket"/>.</summary>
    /// <returns>Whether the runtime took the request.</returns>
    public static bool TryEnable(Socket socket)
    {
        if (OperatingSystem.IsWindows() || Volatile.Read(ref s_available) < 0)
        {
            return false;
        }

        try
        {
            SetPreferInlineCompletions(socket, true);
            Volatile.Write(ref s_available, 1);
            return true;
        }
        catch (Exception ex) when (ex is MissingMemberException or NotSupportedException or PlatformNotSupportedException)
        {
            Volatile.Write(ref s_available, -1);
            return false;
        }
    }

    [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "set_PreferInlineCompletions")]
    private static extern void SetPreferInlineCompletions(Socket socket, bool value);
}
