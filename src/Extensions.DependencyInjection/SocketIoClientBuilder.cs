using Microsoft.Extensions.DependencyInjection;

namespace Tusk.Extensions.DependencyInjection;

internal sealed class SocketIoClientBuilder(IServiceCollection services, string name) : ISocketIoClientBuilder
{
    public string Name { get; } = name;

    public IServiceCollection Services { get; } = services;
}
