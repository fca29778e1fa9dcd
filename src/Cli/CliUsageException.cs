namespace Tusk.Cli;

/// <summary>
/// A command line the tool cannot act on. The message says what to change and never repeats the value itself: it may
/// be a token, a password or a header value.
/// </summary>
internal sealed class CliUsageException : Exception
{
    public CliUsageException(string message)
        : base(message)
    {
    }

    public CliUsageException()
    {
    }

    public CliUsageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
