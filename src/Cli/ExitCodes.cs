namespace Tusk.Cli;

/// <summary>
/// What a tusk command's exit code says, so that scripts can tell the outcomes apart without reading the output.
/// </summary>
internal static class ExitCodes
{
    /// <summary>Connected and done: the emit was sent (and acknowledged), the events arrived, the bench ran.</summary>
    public const int Done = 0;

    /// <summary>The command line is wrong (an unknown option, a value out of range, JSON that does not parse).</summary>
    public const int Usage = 1;

    /// <summary>No connection: nothing listening, the server or a namespace middleware refused, a TLS or protocol failure.</summary>
    public const int Refused = 2;

    /// <summary>A bound ran out: the connection, the ack, or the events asked for did not come in time.</summary>
    public const int TimedOut = 3;

    /// <summary>The connection was lost (the server disconnected, a transport failed) before the command was done.</summary>
    public const int Disconnected = 4;

    /// <summary>Interrupted (Ctrl+C, SIGTERM) before the command was done; the shell convention for SIGINT.</summary>
    public const int Interrupted = 130;
}
