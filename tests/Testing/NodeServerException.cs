namespace Tusk.Testing;

/// <summary>A Node test server (or the npm install it needs) could not be started.</summary>
public sealed class NodeServerException : Exception
{
    /// <summary>Creates an exception with a message.</summary>
    public NodeServerException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with a message and the error that caused it.</summary>
    public NodeServerException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates an exception without details.</summary>
    public NodeServerException()
    {
    }
}
