using System.Globalization;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;

namespace Tusk.Transport.WebSocket.Handshake;

/// <summary>Opens the byte stream a WebSocket runs over: TCP, an optional HTTP CONNECT tunnel, optional TLS.</summary>
internal static class TransportConnector
{
    /// <summary>Checks <see cref="WebSocketClientOptions.Proxy"/> before anything is sent: only an HTTP proxy is
    /// spoken to (with <c>CONNECT</c>, its credentials in clear text), so an <c>https</c> or <c>socks5</c> URI must not
    /// be taken for one.</summary>
    /// <exception cref="ArgumentException">The proxy URI is not an absolute <c>http</c> URI (the message names the
    /// scheme only: the URI may hold a password).</exception>
    public static void ValidateProxy(Uri? proxy)
    {
        if (proxy is null)
        {
            return;
        }

        if (!proxy.IsAbsoluteUri || proxy.Scheme != Uri.UriSchemeHttp)
        {
            var scheme = proxy.IsAbsoluteUri ? $"the scheme '{proxy.Scheme}'" : "a relative URI";
            throw new ArgumentException(
                $"WebSocketClientOptions.Proxy must be an absolute http URI of an HTTP CONNECT proxy, such as http://proxy.example.com:3128; it has {scheme}.",
                nameof(proxy));
        }
    }

    /// <returns>The stream, and whether its socket completes I/O inline (<see cref="WebSocketClientOptions.SocketCompletions"/>
    /// chose it and the runtime supports it).</returns>
    public static async Task<(Stream Stream, bool InlineCompletions)> ConnectAsync(Uri uri, WebSocketClientOptions options, bool traceLogging, CancellationToken cancellationToken)
    {
        var host = uri.IdnHost;
        var port = uri.Port;
        var proxy = options.Proxy;
        var (network, inline) = await ConnectTcpAsync(proxy?.IdnHost ?? host, proxy?.Port ?? port, options, traceLogging, cancellationToken).ConfigureAwait(false);
        Stream stream = network;
        try
        {
            if (proxy is not null)
            {
                await OpenTunnelAsync(stream, proxy, host, port, options.TimeProvider, cancellationToken).ConfigureAwait(false);
            }

            if (uri.Scheme == "wss")
            {
                var ssl = new SslStream(stream, leaveInnerStreamOpen: false);
                stream = ssl;
                await ssl.AuthenticateAsClientAsync(
                    new SslClientAuthenticationOptions
                    {
                        TargetHost = options.TargetHost ?? host,
                        ClientCertificates = options.ClientCertificates,
                        RemoteCertificateValidationCallback = options.RemoteCertificateValidationCallback,
                    },
                    cancellationToken).ConfigureAwait(false);
            }

            return (stream, inline);
        }
        catch
        {
            await stream.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static async Task<(NetworkStream Stream, bool InlineCompletions)> ConnectTcpAsync(
        string host, int port, WebSocketClientOptions options, bool traceLogging, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(host, port, cancellationToken).ConfigureAwait(false);

            // Decided once the socket is connected and before any read is pending on it; an inline socket's stream returns
            // its slot in the gate's count when it is disposed.
            return options.CompletionGate.TryTake(socket, options.SocketCompletions, traceLogging) is { } slot
                ? (new SlotNetworkStream(socket, slot), true)
                : (new TcpNetworkStream(socket), false);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static async Task OpenTunnelAsync(Stream stream, Uri proxy, string host, int port, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        var authority = (host.Contains(':', StringComparison.Ordinal) ? "[" + host + "]" : host) + ":" + port.ToString(CultureInfo.InvariantCulture);
        var request = new StringBuilder()
            .Append("CONNECT ").Append(authority).Append(" HTTP/1.1\r\n")
            .Append("Host: ").Append(authority).Append("\r\n");
        if (!string.IsNullOrEmpty(proxy.UserInfo))
        {
            var credentials = Uri.UnescapeDataString(proxy.UserInfo);
            request.Append("Proxy-Authorization: Basic ").Append(Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials))).Append("\r\n");
        }

        request.Append("\r\n");
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request.ToString()), cancellationToken).ConfigureAwait(false);
        var (head, rest) = await HttpHeadReader.ReadAsync(stream, cancellationToken).ConfigureAwait(false);
        if (head.StatusCode is < 200 or > 299)
        {
            var body = await HttpHeadReader.ReadBodyAsync(stream, head, rest, timeProvider, cancellationToken).ConfigureAwait(false);
            throw new WebSocketHandshakeException($"The proxy {proxy.Authority} refused to open a tunnel to {authority}: {head.StatusCode} {head.ReasonPhrase}.", head.StatusCode, body);
        }

        if (rest.Length > 0)
        {
            throw new WebSocketHandshakeException($"The proxy {proxy.Authority} sent data before the tunnel was used.", head.StatusCode, null);
        }
    }
}
