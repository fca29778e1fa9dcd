namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// A named Socket.IO client being registered, returned by
/// <see cref="SocketIoClientServiceCollectionExtensions.AddSocketIoClient(IServiceCollection, string)"/>.
/// The configuration methods are extension methods (<see cref="SocketIoClientBuilderExtensions"/>) that all apply to
/// the client called <see cref="Name"/>.
/// </summary>
/// <remarks>
/// Thread safety: a registration-time object, used while the service collection is being built, which (like
/// <c>IServiceCollection</c> itself) is not thread-safe: call them from one thread.
/// </remarks>
public interface ISocketIoClientBuilder
{
    /// <summary>The name of the client, as passed to <c>ISocketIoClientFactory.GetClient</c>.</summary>
    string Name { get; }

    /// <summary>The service collection the client is registered in.</summary>
    IServiceCollection Services { get; }
}
