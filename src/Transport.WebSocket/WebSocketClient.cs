using System.Net;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Tusk.Internal;
using Tusk.Transport.WebSocket.Handshake;

namespace Tusk.Transport.WebSocket;

/// <summary>Opens client WebSocket connections: TCP (optionally through an HTTP CONNECT proxy), TLS for
/// <c>wss://</c>, then the RFC 6455 opening handshake.</summary>
/// <remarks>
/// Thread safety: stateless; <see cref="ConnectAsync"/> may be called from any thread, concurrently, and each call
/// opens its own connection.
/// </remarks>
public static partial class WebSocketClient
{
    /// <summary>Connects to <paramref name="uri"/> (<c>ws://</c>, <c>wss://</c>, or <c>http(s)://</c> mapped to
    /// them) and completes the opening handshake.</summary>
    /// <param name="uri">The server address.</param>
    /// <param name="options">Handshake, TLS, proxy and connection settings; <see langword="null"/> for defaults.</param>
    /// <param name="cancellationToken">Cancels the attempt.</param>
    /// <returns>The open connection.</returns>
    /// <exception cref="WebSocketHandshakeException">The server or proxy did not accept the upgrade; carries the
    /// HTTP status and the start of the body.</exception>
    /// <exception cref="TimeoutException"><see cref="WebSocketClientOptions.ConnectTimeout"/> elapsed.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled (the exception
    /// carries that token).</exception>
    /// <exception cref="ArgumentException">The URI scheme, a custom header, a subprotocol or the proxy URI (not an
    /// absolute <c>http</c> URI) is invalid (checked before anything is sent).</exception>
    /// <exception cref="System.Net.Sockets.SocketException">TCP could not connect.</exception>
    /// <exception cref="System.Security.Authentication.AuthenticationException">TLS failed, e.g. the certificate was rejected.</exception>
    /// <remarks>A connection that breaks after TCP connected (inside a proxy tunnel, TLS or the upgrade exchange) is
    /// reported as a <see cref="WebSocketHandshakeException"/> whose inner exception is the runtime's
    /// <see cref="IOException"/>.</remarks>
    public static async Task<WebSocketConnection> ConnectAsync(Uri uri, WebSocketClientOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(uri);
        options ??= new WebSocketClientOptions();
        var target = NormalizeUri(uri);
        HandshakeRequest.ValidateHeaders(options.Headers);
        HandshakeRequest.ValidateSubProtocols(options.SubProtocols);
        TransportConnector.ValidateProxy(options.Proxy);
        var httpUri = HandshakeRequest.ToHttpUri(target);
        var cookieHeader = options.Cookies?.GetCookieHeader(httpUri);
        HandshakeRequest.ValidateCookieHeader(cookieHeader);
        var logger = options.LoggerFactory?.CreateLogger(typeof(WebSocketClient).FullName!) ?? NullLogger.Instance;

        using var connectTimeout = new CancellationTokenSource(options.ConnectTimeout, options.TimeProvider);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, connectTimeout.Token);
        Stream? stream = null;
        try
        {
            Log.Connecting(logger, target);
            (stream, var inlineCompletions) = await TransportConnector.ConnectAsync(
                target, options, TraceLoggingEnabled(options.LoggerFactory), deadline.Token).ConfigureAwait(false);
            if (options.SocketCompletions == SocketCompletionMode.Inline && !inlineCompletions)
            {
                Log.InlineCompletionsUnavailable(logger);
            }

            var offer = options.EnableCompression ? DeflateNegotiation.Offer : null;
            var request = HandshakeRequest.Create(target, options, cookieHeader, offer);
            await stream.WriteAsync(Encoding.Latin1.GetBytes(request.Text), deadline.Token).ConfigureAwait(false);
            await stream.FlushAsync(deadline.Token).ConfigureAwait(false);

            var (head, rest) = await HttpHeadReader.ReadAsync(stream, deadline.Token).ConfigureAwait(false);
            StoreCookies(options.Cookies, httpUri, head, logger);
            if (head.StatusCode != 101)
            {
                var body = await HttpHeadReader.ReadBodyAsync(stream, head, rest, options.TimeProvider, deadline.Token).ConfigureAwait(false);
                Log.HandshakeRefused(logger, head.StatusCode, head.ReasonPhrase);
                throw new WebSocketHandshakeException(
                    $"The server answered {head.StatusCode} {head.ReasonPhrase} instead of 101 Switching Protocols.", head.StatusCode, body);
            }

            var (subProtocol, compression) = HandshakeResponseValidator.Validate(head, request.Key, options.SubProtocols, options.EnableCompression);
            Log.Connected(logger, target, subProtocol, compression is not null);
            return WebSocketConnection.Create(
                stream,
                new WebSocketConnectionOptions
                {
                    SubProtocol = subProtocol,
                    CloseTimeout = options.CloseTimeout,
                    KeepAliveInterval = options.KeepAliveInterval,
                    KeepAliveTimeout = options.KeepAliveTimeout,
                    MaxMessageSize = options.MaxMessageSize,
                    MaxFragmentsPerMessage = options.MaxFragmentsPerMessage,
                    Compression = compression,
                    LoggerFactory = options.LoggerFactory,
                    MeterFactory = options.MeterFactory,
                    TimeProvider = options.TimeProvider,
                },
                rest,
                inlineCompletions);
        }
        catch (Exception ex) when (cancellationToken.IsCancellationRequested && !(ex is OperationCanceledException canceled && canceled.CancellationToken == cancellationToken))
        {
            // The layers below saw the linked deadline token, and a cancelled read can surface as an I/O error: the
            // caller asked to cancel, so it gets cancellation with its own token.
            stream?.Dispose();
            throw new OperationCanceledException("Connecting was canceled.", ex, cancellationToken);
        }
        catch (Exception ex) when (ex is OperationCanceledException || (ex is IOException && deadline.IsCancellationRequested))
        {
            // The connect timeout cancelled the linked token; a cancelled read can surface as an I/O error.
            stream?.Dispose();
            throw new TimeoutException($"Connecting to {UriRedactor.Redact(target)} did not complete within {options.ConnectTimeout}.", ex);
        }
        catch (IOException ex)
        {
            // The connection broke inside a proxy tunnel, TLS or the upgrade exchange: a handshake failure of this
            // layer, with the runtime's exception as the cause.
            stream?.Dispose();
            throw new WebSocketHandshakeException($"The connection to {UriRedactor.Redact(target)} broke before the WebSocket handshake completed: {ex.Message}", ex);
        }
        catch
        {
            stream?.Dispose();
            throw;
        }
    }

    /// <summary>Whether Tusk's per-message <c>Trace</c> logging is on, judged by the connection's own category (a filter
    /// on <c>Tusk</c> or on the default level reaches it): <see cref="SocketCompletionMode.Auto"/> then keeps the logging,
    /// which the layers above do on the receive path, off the socket thread.</summary>
    private static bool TraceLoggingEnabled(ILoggerFactory? loggerFactory) =>
        loggerFactory is not null and not NullLoggerFactory
        && loggerFactory.CreateLogger(typeof(WebSocketConnection).FullName!).IsEnabled(LogLevel.Trace);

    /// <summary>Maps http(s) to ws(s) and refuses anything else.</summary>
    internal static Uri NormalizeUri(Uri uri)
    {
        if (!uri.IsAbsoluteUri)
        {
            throw new ArgumentException($"The URI '{UriRedactor.Redact(uri)}' is not absolute.", nameof(uri));
        }

        var scheme = uri.Scheme switch
        {
            "ws" or "http" => "ws",
            "wss" or "https" => "wss",
            _ => throw new ArgumentException($"The URI scheme '{uri.Scheme}' is not ws, wss, http or https.", nameof(uri)),
        };
        return scheme == uri.Scheme ? uri : new UriBuilder(uri) { Scheme = scheme, Port = uri.Port }.Uri;
    }

    private static void StoreCookies(CookieContainer? cookies, Uri httpUri, HttpResponseHead head, ILogger logger)
    {
        if (cookies is null)
        {
            return;
        }

        foreach (var setCookie in head.GetValues("Set-Cookie"))
        {
            // A cookie with a control character would make every later request fail the header check: not stored.
            if (HttpHeaderRules.IndexOfInvalidValueChar(setCookie) >= 0)
            {
                Log.CookieRejected(logger);
                continue;
            }

            try
            {
                cookies.SetCookies(httpUri, setCookie);
            }
            catch (CookieException)
            {
                // Not logged with the exception: its message quotes the cookie and the request URL.
                Log.CookieRejected(logger);
            }
        }
    }
}
