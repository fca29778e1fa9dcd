namespace Tusk.Extensions.DependencyInjection;

/// <summary>Names of the <c>IHttpClientFactory</c> clients used for polling.</summary>
internal static class SocketIoHttpClientNames
{
    // Prefixed so that a Socket.IO client called "chat" never shares configuration with an unrelated AddHttpClient("chat").
    public static string For(string socketIoClientName) => "Tusk.SocketIO." + socketIoClientName;
}
