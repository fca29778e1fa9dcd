namespace Tusk.EngineIO;

/// <summary>The server sent data that is not valid Engine.IO framing.</summary>
public sealed class EngineIoParseException : EngineIoException
{
    /// <summary>Creates an exception.</summary>
    public EngineIoParseException()
        : this("The server sent malformed Engine.IO data.")
    {
    }

    /// <summary>Creates an exception.</summary>
    /// <param name="message">What is wrong with the data.</param>
    public EngineIoParseException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception.</summary>
    /// <param name="message">What is wrong with the data.</param>
    /// <param name="innerException">The cause.</param>
    public EngineIoParseException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
