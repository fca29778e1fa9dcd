using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Tusk.EngineIO.Transports;

/// <summary>
/// What an Engine.IO session knows, shared with its transports: where the server is, the options, and the values
/// learnt during the session (revision, session id, maximum payload). The session updates it as it goes; for a
/// transport it is read-only, except that the transport opening a session in <see cref="EngineIoVersion.Auto"/> mode
/// reports the revision it detected (<see cref="ReportDetectedVersion"/>).
/// </summary>
/// <remarks>
/// Thread safety: not synchronized. The session writes it before it starts a transport's receive and send loops and
/// between their calls (it never calls two receives or two sends at once), so a transport reads it from those calls
/// without locks.
/// </remarks>
public sealed class EngineIoTransportContext
{
    /// <summary>Creates a context.</summary>
    /// <param name="serverUri">The server (scheme, host, port; its query is kept as extra parameters).</param>
    /// <param name="options">The client options.</param>
    /// <param name="loggerFactory">The logger factory, or null for none.</param>
    public EngineIoTransportContext(Uri serverUri, EngineIoClientOptions options, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(serverUri);
        ArgumentNullException.ThrowIfNull(options);
        if (!serverUri.IsAbsoluteUri)
        {
            throw new ArgumentException("The server URI must be absolute.", nameof(serverUri));
        }

        ServerUri = serverUri;
        Options = options;
        LoggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
        Version = options.Version;
        Cookies = options.Connection.Cookies ?? new CookieContainer();
    }

    /// <summary>The server URI the client was created with.</summary>
    public Uri ServerUri { get; }

    /// <summary>The client options.</summary>
    public EngineIoClientOptions Options { get; }

    /// <summary>The cookie jar shared by all transports of the session: the options' <see cref="EngineIoClientOptions.Connection"/>
    /// <see cref="EngineIoConnectionOptions.Cookies"/>, or one created for the session.</summary>
    public CookieContainer Cookies { get; }

    /// <summary>The server's handshake once the session is open; null before. Set by the session.</summary>
    public EngineIoHandshake? Handshake { get; internal set; }

    /// <summary>Whether the session has handlers on any of its events, which it raises on its receive and send loops:
    /// with <see cref="Tusk.Transport.WebSocket.SocketCompletionMode.Auto"/> the WebSocket transport then completes its
    /// socket I/O on the thread pool, so that no application code runs on the runtime's socket thread. Set by the
    /// session; a context created elsewhere has none.</summary>
    internal Func<bool>? HasEventHandlers { get; set; }

    /// <summary>The logger factory (never null).</summary>
    public ILoggerFactory LoggerFactory { get; }

    /// <summary>
    /// The revision in use; <see cref="EngineIoVersion.Auto"/> until known. The transport that opens the session
    /// reports it with <see cref="ReportDetectedVersion"/> when it detects the revision from the framing of the
    /// server's first answer; otherwise the session decides it.
    /// </summary>
    public EngineIoVersion Version { get; internal set; }

    /// <summary>The session id once the handshake completed; null before. Set by the session.</summary>
    public string? SessionId { get; internal set; }

    /// <summary>The server's <c>maxPayload</c> (bytes per polling request body), once known; null when not announced.
    /// Set by the session.</summary>
    public long? MaxPayload { get; internal set; }

    /// <summary>
    /// Records the revision a transport detected from the framing of the server's first answer while
    /// <see cref="Version"/> is <see cref="EngineIoVersion.Auto"/> (the built-in polling transport does it:
    /// <c>96:0{…</c> is revision 3, <c>0{…</c> is 4; see <c>EngineIoPayloadCodec.DetectVersion</c>). Once the revision
    /// is known it does not change: reporting the same one again does nothing.
    /// </summary>
    /// <param name="version"><see cref="EngineIoVersion.V3"/> or <see cref="EngineIoVersion.V4"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="version"/> is not V3 or V4.</exception>
    /// <exception cref="InvalidOperationException">The revision is already known and is the other one.</exception>
    public void ReportDetectedVersion(EngineIoVersion version)
    {
        if (version is not (EngineIoVersion.V3 or EngineIoVersion.V4))
        {
            throw new ArgumentOutOfRangeException(nameof(version), version, "A detected revision is V3 or V4.");
        }

        if (Version == EngineIoVersion.Auto)
        {
            Version = version;
        }
        else if (Version != version)
        {
            throw new InvalidOperationException($"The session already speaks Engine.IO revision {(int)Version}; a transport cannot switch it to {(int)version}.");
        }
    }

    /// <summary>
    /// Builds the request URI for a transport: the server's scheme, host and port, the configured path, then the
    /// query in the order the reference client uses (user query, <c>EIO</c>, <c>transport</c>, <c>sid</c>).
    /// The polling timestamp is not included.
    /// </summary>
    /// <param name="transportName">The value of the <c>transport</c> parameter.</param>
    /// <param name="webSocketScheme">True for <c>ws</c>/<c>wss</c>, false for <c>http</c>/<c>https</c>.</param>
    public Uri BuildUri(string transportName, bool webSocketScheme)
    {
        ArgumentNullException.ThrowIfNull(transportName);
        var secure = ServerUri.Scheme is "https" or "wss";
        var scheme = webSocketScheme ? (secure ? "wss" : "ws") : (secure ? "https" : "http");
        var builder = new UriBuilder(scheme, ServerUri.Host, ServerUri.IsDefaultPort ? -1 : ServerUri.Port)
        {
            Path = NormalizePath(Options.Path, Options.AddTrailingSlash),
        };

        var query = new StringBuilder();
        var existing = ServerUri.Query;
        if (existing.Length > 1)
        {
            query.Append(existing, 1, existing.Length - 1);
        }

        foreach (var pair in Options.Query)
        {
            AppendParameter(query, pair.Key, pair.Value);
        }

        var revision = Version == EngineIoVersion.V3 ? 3 : 4;
        AppendParameter(query, "EIO", revision.ToString(CultureInfo.InvariantCulture));
        AppendParameter(query, "transport", transportName);
        if (SessionId is not null)
        {
            AppendParameter(query, "sid", SessionId);
        }

        builder.Query = query.ToString();
        return builder.Uri;
    }

    private static string NormalizePath(string? path, bool addTrailingSlash)
    {
        var trimmed = string.IsNullOrEmpty(path) ? "/" : path;
        if (trimmed[0] != '/')
        {
            trimmed = "/" + trimmed;
        }

        trimmed = trimmed.TrimEnd('/');
        return addTrailingSlash || trimmed.Length == 0 ? trimmed + "/" : trimmed;
    }

    private static void AppendParameter(StringBuilder query, string key, string value)
    {
        if (query.Length > 0)
        {
            query.Append('&');
        }

        query.Append(Uri.EscapeDataString(key)).Append('=').Append(Uri.EscapeDataString(value));
    }
}
