using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Moq;
using Tusk.SocketIO;

namespace Tusk.Extensions.DependencyInjection.Tests;

/// <summary><c>SetReconnectionPolicy</c>: the policy of a named client comes from the services.</summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class ReconnectionPolicyRegistrationTests
{
    private static readonly Uri Server = new("http://127.0.0.1:1");

    [Test]
    public async Task The_registered_policy_service_becomes_the_clients_policy()
    {
        var registered = Mock.Of<ISocketIoReconnectionPolicy>();
        var services = new ServiceCollection();
        services.AddSingleton(registered);
        services.AddSocketIoClient("chat", o => o.ServerUri = Server).SetReconnectionPolicy<ISocketIoReconnectionPolicy>();
        services.AddSocketIoClient("other", o => o.ServerUri = Server);
        await using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptionsMonitor<SocketIoClientOptions>>();

        Assert.That(options.Get("chat").ReconnectionPolicy, Is.SameAs(registered));
        Assert.That(options.Get("other").ReconnectionPolicy, Is.Null, "another name keeps the default backoff");
    }

    [Test]
    public async Task An_unregistered_policy_type_is_created_with_its_dependencies()
    {
        var services = new ServiceCollection();
        services.AddSingleton(new StopAfter(4));
        services.AddSocketIoClient("chat", o => o.ServerUri = Server).SetReconnectionPolicy<LimitedPolicy>();
        await using var provider = services.BuildServiceProvider();

        var policy = provider.GetRequiredService<IOptionsMonitor<SocketIoClientOptions>>().Get("chat").ReconnectionPolicy;

        Assert.That(policy, Is.TypeOf<LimitedPolicy>());
        Assert.That(policy!.NextDelay(new SocketIoReconnectionContext { Attempt = 4 }), Is.EqualTo(TimeSpan.FromSeconds(1)));
        Assert.That(policy.NextDelay(new SocketIoReconnectionContext { Attempt = 5 }), Is.Null);
    }

    [Test]
    public async Task A_delegate_can_make_the_policy_from_the_services()
    {
        var services = new ServiceCollection();
        services.AddSingleton(new StopAfter(2));
        services.AddSocketIoClient("chat", o => o.ServerUri = Server)
            .SetReconnectionPolicy(provider => new LimitedPolicy(provider.GetRequiredService<StopAfter>()));
        await using var provider = services.BuildServiceProvider();

        var client = provider.GetRequiredService<ISocketIoClientFactory>().GetClient("chat");
        var policy = provider.GetRequiredService<IOptionsMonitor<SocketIoClientOptions>>().Get("chat").ReconnectionPolicy;

        Assert.That(client, Is.Not.Null);
        Assert.That(policy!.NextDelay(new SocketIoReconnectionContext { Attempt = 3 }), Is.Null);
    }

    public sealed record StopAfter(int Attempts);

    public sealed class LimitedPolicy(StopAfter stopAfter) : ISocketIoReconnectionPolicy
    {
        public TimeSpan? NextDelay(SocketIoReconnectionContext context) =>
            context.Attempt <= stopAfter.Attempts ? TimeSpan.FromSeconds(1) : null;
    }
}
