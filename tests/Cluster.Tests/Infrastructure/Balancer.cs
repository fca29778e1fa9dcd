namespace Tusk.Cluster.Tests.Infrastructure;

/// <summary>Which load balancer a test goes through.</summary>
public enum Balancer
{
    /// <summary>HAProxy with cookie stickiness.</summary>
    Haproxy,

    /// <summary>nginx with <c>ip_hash</c>.</summary>
    Nginx,
}
