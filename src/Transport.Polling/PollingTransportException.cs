namespace Tusk.Transport.Polling;

/// <summary>
/// The base of every exception Tusk.Transport.Polling defines (today <see cref="PollingRequestException"/>: a request
/// failed). Catch it to handle any polling failure this layer reports.
/// </summary>
/// <remarks>
/// Misuse is reported with the standard exceptions instead (<see cref="ArgumentException"/> for a header that could
/// split a request, <see cref="InvalidOperationException"/> for a second request of a kind already in flight), and
/// cancellation with <see cref="OperationCanceledException"/>.
/// </remarks>
public class PollingTransportException : Exception
{
    /// <summary>Creates an exception.</summary>
    public PollingTransportException()
        : this("The polling transport failed.")
    {
    }

    /// <summary>Creates an exception with a message.</summary>
    /// <param name="message">What happened.</param>
    public PollingTransportException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with a message and the exception that caused it.</summary>
    /// <param name="message">What happened.</param>
    /// <param name="innerException">The cause.</param>
    public PollingTransportException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
