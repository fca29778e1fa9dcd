using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.DependencyInjection;

namespace Tusk.Extensions.DependencyInjection.Tests;

/// <summary>
/// The polling handler the container builds for a named client does not follow redirects: a raw listener answers 302
/// pointing at a second listener, and the second one never sees a connection (a followed redirect would have taken the
/// client's headers there, and turned a POST into a body-less GET).
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class PollingRedirectTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [TestCase("GET")]
    [TestCase("POST")]
    public async Task The_DI_polling_handler_does_not_follow_a_302_to_another_host(string method)
    {
        var elsewhere = new TcpListener(IPAddress.Loopback, 0);
        var redirecting = new TcpListener(IPAddress.Loopback, 0);
        elsewhere.Start();
        redirecting.Start();
        try
        {
            var target = $"http://127.0.0.1:{((IPEndPoint)elsewhere.LocalEndpoint).Port}/socket.io/?EIO=4&transport=polling";
            var answering = AnswerWithRedirectAsync(redirecting, target);
            var server = new Uri($"http://127.0.0.1:{((IPEndPoint)redirecting.LocalEndpoint).Port}/");
            var services = new ServiceCollection();
            services.AddSocketIoClient("chat", o =>
            {
                o.ServerUri = server;
                o.ExtraHeaders["X-Token"] = "hunter2";
            });
            await using var provider = services.BuildServiceProvider();
            var http = provider.GetRequiredService<IHttpClientFactory>().CreateClient(SocketIoHttpClientNames.For("chat"));

            using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(server, "socket.io/?EIO=4&transport=polling&sid=s"));
            request.Headers.Add("X-Token", "hunter2");
            if (method == "POST")
            {
                request.Content = new StringContent("42[\"message\",\"kept\"]");
            }

            using var response = await http.SendAsync(request).WaitAsync(Timeout);
            await answering.WaitAsync(Timeout);

            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Found), "the 302 itself reaches the caller");
            Assert.That(response.Headers.Location, Is.EqualTo(new Uri(target)));
            Assert.That(elsewhere.Pending(), Is.False, "the redirect target saw no connection");
        }
        finally
        {
            redirecting.Stop();
            elsewhere.Stop();
        }
    }

    /// <summary>Accepts one connection, reads the request head (and a body of Content-Length), answers 302 and closes.</summary>
    private static async Task AnswerWithRedirectAsync(TcpListener listener, string location)
    {
        using var client = await listener.AcceptTcpClientAsync();
        var stream = client.GetStream();
        var received = new MemoryStream();
        var buffer = new byte[4096];
        int headEnd;
        while ((headEnd = IndexOfHeadEnd(received)) < 0)
        {
            var read = await stream.ReadAsync(buffer);
            if (read == 0)
            {
                return;
            }

            received.Write(buffer, 0, read);
        }

        var head = Encoding.ASCII.GetString(received.GetBuffer(), 0, headEnd);
        var lengthLine = head.Split("\r\n").FirstOrDefault(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase));
        var bodyLength = lengthLine is null ? 0 : int.Parse(lengthLine["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
        while (received.Length < headEnd + 4 + bodyLength)
        {
            var read = await stream.ReadAsync(buffer);
            if (read == 0)
            {
                break;
            }

            received.Write(buffer, 0, read);
        }

        var answer = $"HTTP/1.1 302 Found\r\nLocation: {location}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(answer));
    }

    private static int IndexOfHeadEnd(MemoryStream received) =>
        received.GetBuffer().AsSpan(0, (int)received.Length).IndexOf("\r\n\r\n"u8);
}
