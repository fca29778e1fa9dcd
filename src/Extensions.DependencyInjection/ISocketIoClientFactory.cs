using Tusk.SocketIO;

namespace Tusk.Extensions.DependencyInjection;

/// <summary>
/// Hands out the named Socket.IO clients registered with <c>services.AddSocketIoClient(name, ...)</c>.
/// </summary>
/// <remarks>
/// A Socket.IO client owns a connection, so there is exactly one client per name: the first
/// <see cref="GetClient(string)"/> for a name creates it (not connected), later calls return the same instance,
/// from any thread. Do not dispose it yourself; the factory disposes every client it created when the service
/// provider is disposed (use <c>DisposeAsync</c> on the provider; the generic host does).
/// </remarks>
public interface ISocketIoClientFactory
{
    /// <summary>Returns the client registered under <paramref name="name"/>, creating it on the first call.</summary>
    /// <param name="name">The name passed to <c>AddSocketIoClient</c>.</param>
    /// <returns>The shared client for that name; call its <c>ConnectAsync</c> unless <c>ConnectOnStart</c> does.</returns>
    /// <exception cref="InvalidOperationException">No client is registered under <paramref name="name"/>.</exception>
    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException">The client's options are invalid.</exception>
    /// <exception cref="ObjectDisposedException">The service provider was disposed.</exception>
    SocketIoClient GetClient(string name);
}
