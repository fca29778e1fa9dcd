using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;

namespace Tusk.Transport.WebSocket.Tests.Hostile;

/// <summary>A TCP listener on 127.0.0.1 that completes (or tampers with) the upgrade by hand.</summary>
internal sealed class HostileServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);

    public HostileServer() => _listener.Start();

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public Uri Uri => new($"ws://127.0.0.1:{Port}/chat?room=1");

    public bool HasPendingConnection => _listener.Pending();

    /// <summary>Accepts a connection and reads the client's upgrade request.</summary>
    public async Task<RawPeer> AcceptAsync()
    {
        var client = await _listener.AcceptTcpClientAsync().WaitAsync(RawPeer.Patience);
        var peer = new RawPeer(client);
        await peer.ReadRequestAsync();
        return peer;
    }

    /// <summary>Accepts a connection without reading anything from it yet.</summary>
    public async Task<TcpClient> AcceptTcpAsync() => await _listener.AcceptTcpClientAsync().WaitAsync(RawPeer.Patience);

    /// <summary>Accepts a connection, runs the server side of TLS with <paramref name="certificate"/>, then reads the
    /// upgrade request.</summary>
    /// <returns>The peer and the server name (SNI) the client asked for.</returns>
    public async Task<(RawPeer Peer, string ServerName)> AcceptTlsAsync(X509Certificate2 certificate)
    {
        var client = await AcceptTcpAsync();
        var tls = new SslStream(client.GetStream());
        await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = certificate }).WaitAsync(RawPeer.Patience);
        var peer = new RawPeer(client, tls);
        await peer.ReadRequestAsync();
        return (peer, tls.TargetHostName);
    }

    /// <summary>Connects a client with <paramref name="options"/> and completes a valid upgrade.</summary>
    public async Task<(WebSocketConnection Client, RawPeer Peer)> ConnectAsync(WebSocketClientOptions? options = null, string extraHeaders = "")
    {
        var connecting = WebSocketClient.ConnectAsync(Uri, options ?? new WebSocketClientOptions { CloseTimeout = TimeSpan.FromSeconds(2) });
        var peer = await AcceptAsync();
        await peer.SendUpgradeAsync(extraHeaders);
        var client = await connecting.WaitAsync(RawPeer.Patience);
        return (client, peer);
    }

    public ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Dispose();
        return ValueTask.CompletedTask;
    }
}
