using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;

namespace Tusk.Transport.Polling;

/// <summary>Settings of a <see cref="PollingChannel"/>.</summary>
/// <remarks>
/// Thread safety: not synchronized. Set it up on one thread, then hand it to <see cref="PollingChannel"/>, which
/// reads it from its own threads from then on: do not change it afterwards (a client that is running may read a
/// changed value half-way).
/// </remarks>
public sealed class PollingClientOptions
{
    private TimeProvider _timeProvider = TimeProvider.System;

    /// <summary>Extra headers sent on every request.</summary>
    public IList<KeyValuePair<string, string>> Headers { get; set; } = new List<KeyValuePair<string, string>>();

    /// <summary>
    /// The cookie jar: its cookies are sent on every request and every <c>Set-Cookie</c> of a response is stored in
    /// it. Share it with the WebSocket handshake for sticky sessions. Null keeps no cookies.
    /// </summary>
    public CookieContainer? Cookies { get; set; }

    /// <summary>The <c>User-Agent</c> header; null sends none.</summary>
    public string? UserAgent { get; set; }

    /// <summary>The <c>Origin</c> header; null sends none.</summary>
    public string? Origin { get; set; }

    /// <summary>The <c>Referer</c> header; null sends none.</summary>
    public string? Referer { get; set; }

    /// <summary>Keep connections alive between requests. Default true; false sends <c>Connection: close</c>.</summary>
    public bool KeepAlive { get; set; } = true;

    /// <summary>Add a unique cache-busting parameter to every request. Default true.</summary>
    public bool TimestampRequests { get; set; } = true;

    /// <summary>The name of the cache-busting parameter. Default <c>t</c>.</summary>
    public string TimestampParameter { get; set; } = "t";

    /// <summary>The longest one request may take, response body included. Default 30 s.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The largest response body accepted, in bytes. Default 100 MB.</summary>
    public long MaxResponseSize { get; set; } = 100_000_000;

    /// <summary>
    /// An HTTP proxy for the handler the channel builds itself (ignored with <see cref="HttpMessageHandler"/> or
    /// <see cref="HttpClient"/>). User info in the URI (<c>http://user:password@proxy:3128</c>) answers the proxy's
    /// Basic challenge. Null (default) leaves the handler's default, the system proxy settings.
    /// </summary>
    public Uri? Proxy { get; set; }

    /// <summary>The HTTP handler to send requests with; not disposed by the channel. Ignored when <see cref="HttpClient"/> is set.</summary>
    public HttpMessageHandler? HttpMessageHandler { get; set; }

    /// <summary>The HTTP client to send requests with; not disposed by the channel. The channel applies its own timeout per request.</summary>
    public HttpClient? HttpClient { get; set; }

    /// <summary>Validates the server certificate when the channel builds its own handler.</summary>
    public RemoteCertificateValidationCallback? RemoteCertificateValidationCallback { get; set; }

    /// <summary>Client certificates offered when the channel builds its own handler.</summary>
    public X509CertificateCollection? ClientCertificates { get; set; }

    /// <summary>The logger factory; null logs nothing.</summary>
    public ILoggerFactory? LoggerFactory { get; set; }

    /// <summary>
    /// The clock of <see cref="RequestTimeout"/> and of the cache-busting timestamp. Tests set a fake one (e.g.
    /// <c>FakeTimeProvider</c>) to time requests out without waiting. Default <see cref="TimeProvider.System"/>.
    /// </summary>
    /// <exception cref="ArgumentNullException">The value is null.</exception>
    public TimeProvider TimeProvider
    {
        get => _timeProvider;
        set => _timeProvider = value ?? throw new ArgumentNullException(nameof(value));
    }
}
