#region di-typed-client
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Tusk.SocketIO;
#endregion

namespace Tusk.Docs.Snippets.DependencyInjection;

/// <summary>docs/dependency-injection.md, "The client instance".</summary>
public static class TypedClient
{
    public static void Register(IServiceCollection services)
    {
        #region di-typed-client
        services.AddSocketIoClient("chat").BindConfiguration("SocketIo:Chat").AddTypedClient<ChatRoom>();
        #endregion
    }
}

#region di-typed-client
public sealed class ChatRoom
{
    private readonly SocketIoClient _socket;

    public ChatRoom(SocketIoClient socket, ILogger<ChatRoom> logger)
    {
        _socket = socket;
        _socket.On("message", e => logger.LogInformation("{Text}", e.GetValue<string>()));
    }

    public Task SayAsync(string text, CancellationToken ct) => _socket.EmitAsync("message", [text], ct);
}
#endregion
