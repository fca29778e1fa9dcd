using Tusk.SocketIO;

namespace Tusk.Cli.Connection;

/// <summary>What a command connects with: the server, the client's options and how the tool itself behaves.</summary>
/// <param name="Server">The server URL as given (it may carry user-info and query secrets: show it through <see cref="Redaction"/>).</param>
/// <param name="Options">The client options, without a logger yet.</param>
/// <param name="Verbose">Whether the library's log goes to standard error.</param>
/// <param name="HoldOnPolling">
/// <c>--transport polling</c>: start on polling and stay there; in <c>tusk connect</c>, <c>upgrade</c> moves to WebSocket.
/// </param>
internal sealed record ClientSettings(Uri Server, SocketIoClientOptions Options, bool Verbose, bool HoldOnPolling)
{
    /// <summary>The server URL as it may be shown.</summary>
    public string DisplayServer => Redaction.Url(Server);
}
