namespace Tusk.Transport.Polling;

/// <summary>A polling request failed: an HTTP error status, a timeout, or a broken connection.</summary>
public class PollingRequestException : PollingTransportException
{
    /// <summary>Creates an exception.</summary>
    public PollingRequestException()
        : this("The polling request failed.")
    {
    }

    /// <summary>Creates an exception.</summary>
    /// <param name="message">What happened.</param>
    public PollingRequestException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception.</summary>
    /// <param name="message">What happened.</param>
    /// <param name="innerException">The cause.</param>
    public PollingRequestException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates an exception for an HTTP error response.</summary>
    /// <param name="message">What happened.</param>
    /// <param name="statusCode">The HTTP status code.</param>
    /// <param name="responseBody">The response body as text (truncated).</param>
    /// <param name="serverErrorCode">The <c>code</c> of a JSON error body.</param>
    /// <param name="serverMessage">The <c>message</c> of a JSON error body.</param>
    public PollingRequestException(string message, int statusCode, string? responseBody, int? serverErrorCode, string? serverMessage)
        : base(message)
    {
        StatusCode = statusCode;
        ResponseBody = responseBody;
        ServerErrorCode = serverErrorCode;
        ServerMessage = serverMessage;
    }

    /// <summary>The HTTP status code, when the server answered with an error.</summary>
    public int? StatusCode { get; }

    /// <summary>The error response body as text (at most 4096 characters), when the server answered with an error.</summary>
    public string? ResponseBody { get; }

    /// <summary>The <c>code</c> of the server's JSON error body, e.g. 1 in <c>{"code":1,"message":"Session ID unknown"}</c>.</summary>
    public int? ServerErrorCode { get; }

    /// <summary>The <c>message</c> of the server's JSON error body, e.g. <c>Session ID unknown</c>.</summary>
    public string? ServerMessage { get; }
}
