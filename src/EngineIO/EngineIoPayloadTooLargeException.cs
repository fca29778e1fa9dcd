using System.Globalization;

namespace Tusk.EngineIO;

/// <summary>
/// A message was refused before it was queued: encoded for the current transport it is larger than the server's
/// <c>maxPayload</c> (announced in the revision 4 handshake; <c>maxHttpBufferSize</c> on the server), which would make
/// the server drop the whole connection. The session stays open.
/// </summary>
public sealed class EngineIoPayloadTooLargeException : EngineIoException
{
    /// <summary>Creates an exception with a default message.</summary>
    public EngineIoPayloadTooLargeException()
        : this("The message is larger than the server's maxPayload.")
    {
    }

    /// <summary>Creates an exception with a message.</summary>
    /// <param name="message">What happened.</param>
    public EngineIoPayloadTooLargeException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with a message and its cause.</summary>
    /// <param name="message">What happened.</param>
    /// <param name="innerException">The cause.</param>
    public EngineIoPayloadTooLargeException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates an exception for a message of <paramref name="size"/> bytes.</summary>
    /// <param name="size">The message's encoded size on <paramref name="transport"/>, in bytes.</param>
    /// <param name="maxPayload">The server's limit, in bytes.</param>
    /// <param name="transport">The transport the size was computed for.</param>
    public EngineIoPayloadTooLargeException(long size, long maxPayload, string transport)
        : base(string.Create(CultureInfo.InvariantCulture,
            $"The message takes {size} bytes on the {transport} transport, more than the {maxPayload} bytes the server accepts (its maxPayload, maxHttpBufferSize on the server). It was not sent and the session stays open; send it in smaller parts or raise the server's limit."))
    {
        Size = size;
        MaxPayload = maxPayload;
    }

    /// <summary>The message's encoded size, in bytes.</summary>
    public long Size { get; }

    /// <summary>The server's <c>maxPayload</c>, in bytes.</summary>
    public long MaxPayload { get; }
}
