using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Tusk.Testing;

/// <summary>
/// A raw HTTP listener on loopback that answers its first request (GET or POST, body read) with <c>302 Found</c>
/// pointing at a second listener, which never accepts: whether a client followed the redirect is
/// <see cref="TargetWasContacted"/>. For the tests that polling never follows a redirect (it would carry cookies and
/// custom headers to another host, and turn a POST into a body-less GET).
/// </summary>
public sealed class RedirectingListener : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly TcpListener _target = new(IPAddress.Loopback, 0);

    public RedirectingListener()
    {
        _target.Start();
        _listener.Start();
        Uri = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");
        Target = new Uri($"http://127.0.0.1:{((IPEndPoint)_target.LocalEndpoint).Port}/elsewhere");
        Answered = AnswerWithRedirectAsync();
    }

    /// <summary>Where the redirecting listener listens.</summary>
    public Uri Uri { get; }

    /// <summary>The <c>Location</c> of the 302: the second listener.</summary>
    public Uri Target { get; }

    /// <summary>Completes once the 302 was written (or the client hung up before its request ended).</summary>
    public Task Answered { get; }

    /// <summary>Whether a connection to <see cref="Target"/> is waiting to be accepted (a client followed the redirect).</summary>
    public bool TargetWasContacted => _target.Pending();

    public void Dispose()
    {
        _listener.Stop();
        _target.Stop();
    }

    private async Task AnswerWithRedirectAsync()
    {
        using var client = await _listener.AcceptTcpClientAsync().ConfigureAwait(false);
        var stream = client.GetStream();
        var received = new MemoryStream();
        var buffer = new byte[4096];
        int headEnd;
        while ((headEnd = IndexOfHeadEnd(received)) < 0)
        {
            if (!await ReadAsync(stream, buffer, received).ConfigureAwait(false))
            {
                return;
            }
        }

        var head = Encoding.ASCII.GetString(received.GetBuffer(), 0, headEnd);
        var lengthLine = head.Split("\r\n").FirstOrDefault(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase));
        var bodyLength = lengthLine is null ? 0 : int.Parse(lengthLine["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
        while (received.Length < headEnd + 4 + bodyLength)
        {
            if (!await ReadAsync(stream, buffer, received).ConfigureAwait(false))
            {
                return;
            }
        }

        var answer = $"HTTP/1.1 302 Found\r\nLocation: {Target}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(answer)).ConfigureAwait(false);
    }

    private static async Task<bool> ReadAsync(NetworkStream stream, byte[] buffer, MemoryStream received)
    {
        var read = await stream.ReadAsync(buffer).ConfigureAwait(false);
        received.Write(buffer, 0, read);
        return read > 0;
    }

    private static int IndexOfHeadEnd(MemoryStream received) =>
        received.GetBuffer().AsSpan(0, (int)received.Length).IndexOf("\r\n\r\n"u8);
}
