namespace Tusk.Cluster.Tests.Infrastructure;

/// <summary>A server of the cluster environment (Redis, a node, a balancer, the Python server) could not be started or is missing.</summary>
public sealed class ClusterEnvironmentException : Exception
{
    /// <summary>Creates an exception with a message.</summary>
    public ClusterEnvironmentException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with a message and the error that caused it.</summary>
    public ClusterEnvironmentException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates an exception without details.</summary>
    public ClusterEnvironmentException()
    {
    }
}
