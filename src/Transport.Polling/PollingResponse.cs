namespace Tusk.Transport.Polling;

/// <summary>A successful polling response: its body and content type.</summary>
/// <remarks>
/// Thread safety: immutable; safe to read from any thread.
/// </remarks>
public sealed class PollingResponse
{
    /// <summary>Creates a response.</summary>
    /// <param name="statusCode">The HTTP status code.</param>
    /// <param name="contentType">The media type of the body, if any (e.g. <c>text/plain</c>).</param>
    /// <param name="body">The body bytes.</param>
    public PollingResponse(int statusCode, string? contentType, ReadOnlyMemory<byte> body)
    {
        StatusCode = statusCode;
        ContentType = contentType;
        Body = body;
    }

    /// <summary>The HTTP status code.</summary>
    public int StatusCode { get; }

    /// <summary>The media type of the body without parameters, e.g. <c>text/plain</c> or <c>application/octet-stream</c>.</summary>
    public string? ContentType { get; }

    /// <summary>The body.</summary>
    public ReadOnlyMemory<byte> Body { get; }

    /// <summary>True when the server sent a binary body (<c>application/octet-stream</c>).</summary>
    public bool IsBinary => string.Equals(ContentType, "application/octet-stream", StringComparison.OrdinalIgnoreCase);
}
