namespace Tusk.EngineIO;

/// <summary>
/// The server speaks another Engine.IO revision than <see cref="EngineIoClientOptions.Version"/> forces: it answered
/// the handshake in the other revision's framing, or refused the forced revision (a socket.io 3.x/4.x server without
/// <c>allowEIO3</c> refuses revision 3).
/// </summary>
public sealed class EngineIoVersionMismatchException : EngineIoException
{
    /// <summary>Creates an exception with a default message.</summary>
    public EngineIoVersionMismatchException()
        : this("The server speaks another Engine.IO revision than the one asked for.")
    {
    }

    /// <summary>Creates an exception with a message.</summary>
    /// <param name="message">What happened.</param>
    public EngineIoVersionMismatchException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with a message and its cause.</summary>
    /// <param name="message">What happened.</param>
    /// <param name="innerException">The cause.</param>
    public EngineIoVersionMismatchException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates an exception for a revision the server does not speak.</summary>
    /// <param name="requestedVersion">The revision the client forced.</param>
    /// <param name="serverVersion">The revision the server speaks.</param>
    /// <param name="innerException">The server's refusal, if it refused.</param>
    public EngineIoVersionMismatchException(EngineIoVersion requestedVersion, EngineIoVersion serverVersion, EngineIoException? innerException = null)
        : base(Describe(requestedVersion, serverVersion), innerException?.StatusCode, innerException?.ServerErrorCode, innerException?.ServerMessage, innerException)
    {
        RequestedVersion = requestedVersion;
        ServerVersion = serverVersion;
    }

    /// <summary>The revision <see cref="EngineIoClientOptions.Version"/> asked for.</summary>
    public EngineIoVersion RequestedVersion { get; }

    /// <summary>The revision the server speaks.</summary>
    public EngineIoVersion ServerVersion { get; }

    private static string Describe(EngineIoVersion requested, EngineIoVersion server) => server == EngineIoVersion.V4
        ? $"The server speaks Engine.IO revision 4 only (engine.io 4+, as in socket.io 3.x/4.x without allowEIO3), but " +
          $"EngineIoClientOptions.Version is {requested}. Use EngineIoVersion.V4, or Auto to detect it."
        : $"The server speaks Engine.IO revision 3 (engine.io 1.x-3.x, as in socket.io 1.x/2.x): it answered the handshake " +
          $"in revision 3 framing, but EngineIoClientOptions.Version is {requested}. Use EngineIoVersion.V3, or Auto to detect it.";
}
