using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Tusk.Internal;

namespace Tusk.Transport.Polling;

/// <summary>
/// An HTTP long-polling channel: it sends request bodies with POST and fetches response bodies with GET, with at most
/// one GET and one POST in flight at any time. It knows nothing of the framing inside the bodies.
/// </summary>
/// <remarks>
/// Thread safety: a GET and a POST may run at the same time, from any threads; a second GET (or POST) while one is in
/// flight throws <see cref="InvalidOperationException"/>. <see cref="RequestTimeout"/> is read when a request starts.
/// <see cref="Dispose"/> may be called once the requests have ended.
/// </remarks>
public sealed partial class PollingChannel : IDisposable
{
    private static readonly char[] Base36 = "0123456789abcdefghijklmnopqrstuvwxyz".ToCharArray();
    private const int MaxErrorBodyChars = 4096;

    private readonly PollingClientOptions _options;
    private readonly HttpClient _httpClient;
    private readonly bool _ownsHttpClient;
    private readonly ILogger _logger;
    private readonly TimeProvider _timeProvider;
    private int _getInFlight;
    private int _postInFlight;
    private long _requestCounter;
    private int _disposed;

    /// <summary>Creates a channel.</summary>
    /// <param name="options">The options; null uses the defaults.</param>
    public PollingChannel(PollingClientOptions? options = null)
    {
        _options = options ?? new PollingClientOptions();
        ValidateHeaders(_options);
        _logger = (_options.LoggerFactory ?? NullLoggerFactory.Instance).CreateLogger<PollingChannel>();
        RequestTimeout = _options.RequestTimeout;
        _timeProvider = _options.TimeProvider;
        if (_options.HttpClient is { } client)
        {
            _httpClient = client;
        }
        else if (_options.HttpMessageHandler is { } handler)
        {
            _httpClient = new HttpClient(handler, disposeHandler: false) { Timeout = Timeout.InfiniteTimeSpan };
            _ownsHttpClient = true;
        }
        else
        {
            _httpClient = new HttpClient(CreateDefaultHandler(_options), disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
            _ownsHttpClient = true;
        }
    }

    /// <summary>The longest one request may take. Starts as <see cref="PollingClientOptions.RequestTimeout"/>; a protocol layer may raise it (e.g. above the server's long-poll hold time).</summary>
    public TimeSpan RequestTimeout { get; set; }

    /// <summary>True while a GET is in flight.</summary>
    public bool IsGetInFlight => Volatile.Read(ref _getInFlight) != 0;

    /// <summary>True while a POST is in flight.</summary>
    public bool IsPostInFlight => Volatile.Read(ref _postInFlight) != 0;

    /// <summary>Fetches the next response body with a GET (the server may hold it until it has data).</summary>
    /// <param name="uri">The request URI; the timestamp parameter is appended.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <exception cref="InvalidOperationException">Another GET is in flight.</exception>
    /// <exception cref="PollingRequestException">The server answered with an error, the request timed out or the connection broke.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled (the exception carries that token).</exception>
    public async Task<PollingResponse> GetAsync(Uri uri, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(uri);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (Interlocked.Exchange(ref _getInFlight, 1) != 0)
        {
            throw new InvalidOperationException("A GET is already in flight on this polling channel; only one is allowed at a time.");
        }

        try
        {
            using var request = CreateRequest(HttpMethod.Get, uri);
            return await SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Volatile.Write(ref _getInFlight, 0);
        }
    }

    /// <summary>Sends a request body with a POST.</summary>
    /// <param name="uri">The request URI; the timestamp parameter is appended.</param>
    /// <param name="body">The body.</param>
    /// <param name="contentType">The full Content-Type, e.g. <c>text/plain;charset=UTF-8</c>.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <exception cref="InvalidOperationException">Another POST is in flight.</exception>
    /// <exception cref="PollingRequestException">The server answered with an error, the request timed out or the connection broke.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled (the exception carries that token).</exception>
    public async Task<PollingResponse> PostAsync(Uri uri, ReadOnlyMemory<byte> body, string contentType, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(uri);
        ArgumentNullException.ThrowIfNull(contentType);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (Interlocked.Exchange(ref _postInFlight, 1) != 0)
        {
            throw new InvalidOperationException("A POST is already in flight on this polling channel; only one is allowed at a time.");
        }

        try
        {
            using var request = CreateRequest(HttpMethod.Post, uri);
            var content = RequestBodyContent.Create(body);
            content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
            request.Content = content;
            return await SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Volatile.Write(ref _postInFlight, 0);
        }
    }

    /// <summary>Releases the HTTP client if the channel created it.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0 && _ownsHttpClient)
        {
            _httpClient.Dispose();
        }
    }

    private static SocketsHttpHandler CreateDefaultHandler(PollingClientOptions options)
    {
        var handler = new SocketsHttpHandler
        {
            // Cookies are applied by the channel itself so that a shared CookieContainer also works with user handlers.
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.All,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            ConnectTimeout = options.RequestTimeout,
            // No trace context unless the caller puts it in Headers: HttpClient would otherwise send the current activity's
            // on every request, and whether a client's tracing leaves the process is the caller's decision.
            ActivityHeadersPropagator = null,
            // A redirect is an error (the status, from SendAsync): the redirect handler would take the cookies meant for
            // this host and the caller's headers to the new one, and turn a POST into a GET without its body, whose 200
            // would then pass for the delivered messages. The WebSocket transport fails on a 3xx as well.
            AllowAutoRedirect = false,
        };
        if (options.Proxy is { } proxy)
        {
            handler.Proxy = Tusk.Internal.HttpProxies.Create(proxy);
            handler.UseProxy = true;
        }

        if (options.RemoteCertificateValidationCallback is not null || options.ClientCertificates is not null)
        {
            handler.SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = options.RemoteCertificateValidationCallback,
                ClientCertificates = options.ClientCertificates,
            };
        }

        return handler;
    }

    /// <summary>Checks every caller-supplied header with the rules all Tusk requests use.</summary>
    /// <exception cref="ArgumentException">A header name or value could split the request, or names a header the HTTP
    /// stack writes (the message names the option and the header, never the value).</exception>
    private static void ValidateHeaders(PollingClientOptions options)
    {
        foreach (var header in options.Headers)
        {
            HttpHeaderRules.Validate("PollingClientOptions.Headers", header.Key, header.Value);
        }

        ValidateOptional("PollingClientOptions.UserAgent", "User-Agent", options.UserAgent);
        ValidateOptional("PollingClientOptions.Origin", "Origin", options.Origin);
        ValidateOptional("PollingClientOptions.Referer", "Referer", options.Referer);
    }

    private static void ValidateOptional(string option, string header, string? value)
    {
        if (value is not null)
        {
            HttpHeaderRules.ValidateValue(option, header, value);
        }
    }

    private HttpRequestMessage CreateRequest(HttpMethod method, Uri uri)
    {
        // Checked on every request, before anything is sent: the options are plain settable objects.
        ValidateHeaders(_options);
        var requestUri = _options.TimestampRequests ? AppendTimestamp(uri) : uri;
        var request = new HttpRequestMessage(method, requestUri);
        try
        {
            foreach (var header in _options.Headers)
            {
                AddHeader(request, "PollingClientOptions.Headers", header.Key, header.Value);
            }

            ReplaceHeader(request, "PollingClientOptions.UserAgent", "User-Agent", _options.UserAgent);
            ReplaceHeader(request, "PollingClientOptions.Origin", "Origin", _options.Origin);
            ReplaceHeader(request, "PollingClientOptions.Referer", "Referer", _options.Referer);
            if (!_options.KeepAlive)
            {
                request.Headers.ConnectionClose = true;
            }

            if (_options.Cookies is { } cookies)
            {
                var cookieHeader = cookies.GetCookieHeader(requestUri);
                if (cookieHeader.Length > 0)
                {
                    HttpHeaderRules.ValidateValue("PollingClientOptions.Cookies", "Cookie", cookieHeader);
                    AddHeader(request, "PollingClientOptions.Cookies", "Cookie", cookieHeader);
                }
            }

            return request;
        }
        catch
        {
            request.Dispose();
            throw;
        }
    }

    private static void ReplaceHeader(HttpRequestMessage request, string option, string name, string? value)
    {
        if (value is not null)
        {
            request.Headers.Remove(name);
            AddHeader(request, option, name, value);
        }
    }

    // HttpRequestHeaders refuses content headers (they belong to the body) and answers false: refused, not dropped.
    private static void AddHeader(HttpRequestMessage request, string option, string name, string value)
    {
        if (!request.Headers.TryAddWithoutValidation(name, value))
        {
            throw new ArgumentException($"{option} sets the header '{name}', which is not a request header (it describes a body); it is refused rather than dropped.", option);
        }
    }

    private Uri AppendTimestamp(Uri uri)
    {
        // Unique per request: milliseconds since the epoch plus a counter, in base 36 like the reference client.
        var stamp = ToBase36(_timeProvider.GetUtcNow().ToUnixTimeMilliseconds()) + ToBase36(Interlocked.Increment(ref _requestCounter));
        var builder = new UriBuilder(uri);
        var parameter = Uri.EscapeDataString(_options.TimestampParameter) + "=" + stamp;
        builder.Query = builder.Query.Length > 1 ? builder.Query[1..] + "&" + parameter : parameter;
        return builder.Uri;
    }

    private static string ToBase36(long value)
    {
        Span<char> buffer = stackalloc char[16];
        var position = buffer.Length;
        do
        {
            buffer[--position] = Base36[(int)(value % 36)];
            value /= 36;
        }
        while (value > 0);
        return new string(buffer[position..]);
    }

    private async Task<PollingResponse> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using var requestTimer = new CancellationTokenSource(RequestTimeout, _timeProvider);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, requestTimer.Token);
        var method = request.Method;
        var requestUri = request.RequestUri!;
        Log.RequestStarting(_logger, method, requestUri);
        try
        {
            using var response = await _httpClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            // A caller's handler that follows redirects rewrites the request it sent: a POST answered 301/302/303 came
            // back as a GET of another URL, without the body, and its answer says nothing about the messages.
            if (response.RequestMessage is { } answered && answered.Method != method)
            {
                throw new PollingRequestException(
                    $"The polling {method} was redirected and sent again as a {answered.Method} without its body; the data it carried was not delivered. Turn off redirects in the HttpClient or handler given to the polling options, or connect to the address the server redirects to.",
                    (int)response.StatusCode, null, null, null);
            }

            StoreCookies(requestUri, response);
            var body = await ReadBodyAsync(response.Content, timeout.Token).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            Log.RequestCompleted(_logger, method, status, body.Length);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                throw CreateHttpError(method, status, response.ReasonPhrase, body);
            }

            return new PollingResponse(status, response.Content.Headers.ContentType?.MediaType, body);
        }
        catch (Exception exception) when (exception is OperationCanceledException or HttpRequestException or IOException)
        {
            // Cancellation can surface as an I/O error when it races a read; what was asked for decides the outcome.
            if (cancellationToken.IsCancellationRequested)
            {
                throw exception is OperationCanceledException canceled && canceled.CancellationToken == cancellationToken
                    ? canceled
                    : new OperationCanceledException("The polling request was canceled.", exception, cancellationToken);
            }

            if (timeout.IsCancellationRequested)
            {
                Log.RequestTimedOut(_logger, request.Method, RequestTimeout);
                throw new PollingRequestException(
                    string.Create(CultureInfo.InvariantCulture, $"The polling {request.Method} timed out after {RequestTimeout.TotalSeconds:0.###} s."),
                    new TimeoutException("The polling request timed out.", exception));
            }

            Log.RequestFailed(_logger, request.Method, exception);
            throw new PollingRequestException($"The polling {request.Method} failed: {exception.Message}", exception);
        }
    }

    private void StoreCookies(Uri uri, HttpResponseMessage response)
    {
        if (_options.Cookies is not { } cookies || !response.Headers.TryGetValues("Set-Cookie", out var values))
        {
            return;
        }

        foreach (var value in values)
        {
            // A cookie with a control character would make every later request fail the header check: not stored.
            if (HttpHeaderRules.IndexOfInvalidValueChar(value) >= 0)
            {
                Log.CookieRejected(_logger);
                continue;
            }

            try
            {
                cookies.SetCookies(uri, value);
            }
            catch (CookieException)
            {
                // Not logged with the exception: its message quotes the cookie and the request URL.
                Log.CookieRejected(_logger);
            }
        }
    }

    private async Task<byte[]> ReadBodyAsync(HttpContent content, CancellationToken cancellationToken)
    {
        var limit = _options.MaxResponseSize;

        // Read before the stream is opened: content that is buffered on opening would report its length only then.
        var declared = content.Headers.ContentLength;
        if (declared is { } length && length > limit)
        {
            throw new PollingRequestException(
                string.Create(CultureInfo.InvariantCulture, $"The polling response of {length} bytes exceeds the limit of {limit} bytes."));
        }

        var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            return declared is { } known && known <= Array.MaxLength
                ? await ReadKnownLengthAsync(stream, (int)known, cancellationToken).ConfigureAwait(false)
                : await ReadToEndAsync(stream, limit, cancellationToken).ConfigureAwait(false);
        }
    }

    // The usual case (engine.io sends Content-Length): one array of the exact size, no chunk buffer, no copy.
    private static async Task<byte[]> ReadKnownLengthAsync(Stream stream, int length, CancellationToken cancellationToken)
    {
        if (length == 0)
        {
            return [];
        }

        var body = new byte[length];
        var filled = 0;
        int read;
        while (filled < length && (read = await stream.ReadAsync(body.AsMemory(filled), cancellationToken).ConfigureAwait(false)) > 0)
        {
            filled += read;
        }

        if (filled < length)
        {
            // A body cut short is an error, never a shorter body: the framing inside would end mid-packet, or worse, at a
            // packet boundary that hides the loss.
            throw new PollingRequestException(
                string.Create(CultureInfo.InvariantCulture, $"The polling response ended after {filled} of the {length} bytes its Content-Length announced."));
        }

        return body;
    }

    // A body of unknown length (chunked, or from a proxy) is read into segments of growing size and joined once at the
    // end: the peak is the body plus one copy, where a MemoryStream doubling its capacity held up to twice the body before
    // ToArray copied it again, and a body over the limit is refused having held no more than the limit.
    private static async Task<byte[]> ReadToEndAsync(Stream stream, long limit, CancellationToken cancellationToken)
    {
        const int FirstSegment = 4 * 1024;
        const int LargestSegment = 1024 * 1024;
        var segments = new List<byte[]>();
        var current = new byte[FirstSegment];
        var filled = 0;
        long total = 0;
        while (true)
        {
            if (filled == current.Length)
            {
                segments.Add(current);
                current = new byte[Math.Min(current.Length * 2, LargestSegment)];
                filled = 0;
            }

            var read = await stream.ReadAsync(current.AsMemory(filled), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            if (total + read > limit)
            {
                throw new PollingRequestException(
                    string.Create(CultureInfo.InvariantCulture, $"The polling response exceeds the limit of {limit} bytes."));
            }

            filled += read;
            total += read;
        }

        var body = new byte[total];
        var offset = 0;
        foreach (var segment in segments)
        {
            segment.CopyTo(body, offset);
            offset += segment.Length;
        }

        current.AsSpan(0, filled).CopyTo(body.AsSpan(offset));
        return body;
    }

    private static PollingRequestException CreateHttpError(HttpMethod method, int status, string? reason, byte[] body)
    {
        var text = Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, MaxErrorBodyChars));
        // Whatever it read counts, also from a body that is cut short or not JSON after its message.
        _ = ServerError.TryParse(body, out var code, out var serverMessage);
        // The server's words are quoted, not trusted: cut short and with control characters escaped (the properties keep
        // them). A redirect says so: it is not followed (see CreateDefaultHandler).
        var detail = serverMessage is not null
            ? string.Create(CultureInfo.InvariantCulture, $": {ServerTextPreview.Of(serverMessage)} (code {code})")
            : text.Length > 0 ? ": " + ServerTextPreview.Of(text) : string.Empty;
        var redirect = status is >= 300 and < 400 ? " (a redirect; polling requests do not follow redirects: connect to the address the server redirects to)" : string.Empty;
        var message = string.Create(CultureInfo.InvariantCulture, $"The server answered the polling {method} with HTTP {status} {ServerTextPreview.Of(reason)}{redirect}{detail}");
        return new PollingRequestException(message, status, text, code, serverMessage);
    }
}
