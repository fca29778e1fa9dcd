using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Tusk.Extensions.DependencyInjection;

/// <summary>The health check <c>AddHealthCheck</c> registers for one named client (see there for what it reports).</summary>
internal sealed class SocketIoClientHealthCheck(ISocketIoClientFactory factory, string name, SocketIoClientHealthState state) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var client = factory.GetClient(name);
        HealthCheckResult result;
        if (client.IsConnected)
        {
            result = HealthCheckResult.Healthy(
                $"Socket.IO client '{name}' is connected.",
                new Dictionary<string, object> { ["transport"] = client.TransportName ?? string.Empty });
        }
        else if (state.Attempt is > 0 and var attempt && client.IsActive)
        {
            result = HealthCheckResult.Degraded(
                $"Socket.IO client '{name}' lost its connection and is reconnecting (attempt {attempt}).",
                data: new Dictionary<string, object> { ["attempt"] = attempt });
        }
        else
        {
            var description = state.GaveUp
                ? $"Socket.IO client '{name}' lost its connection and gave up reconnecting."
                : $"Socket.IO client '{name}' is not connected.";
            result = new HealthCheckResult(context.Registration.FailureStatus, description);
        }

        return Task.FromResult(result);
    }
}
