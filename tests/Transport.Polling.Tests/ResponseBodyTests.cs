using System.Net;

namespace Tusk.Transport.Polling.Tests;

/// <summary>Bodies without a Content-Length (chunked) are read to their end in pooled chunks, within the size limit.
/// The handler stands in for the HTTP stack only, through the documented <see cref="PollingClientOptions.HttpMessageHandler"/> option.</summary>
[Parallelizable(ParallelScope.All)]
public sealed class ResponseBodyTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private static readonly Uri Somewhere = new("http://127.0.0.1:9/engine.io/?EIO=4&transport=polling");

    [Test]
    public async Task A_body_without_a_length_is_read_whole_across_several_chunks()
    {
        var body = Enumerable.Range(0, 40_000).Select(i => (byte)i).ToArray();
        using var handler = new UnsizedBodyHandler(body);
        using var channel = new PollingChannel(new PollingClientOptions { HttpMessageHandler = handler });

        var response = await channel.GetAsync(Somewhere).WaitAsync(Timeout);

        Assert.That(response.Body.ToArray(), Is.EqualTo(body));
    }

    [Test]
    public void A_body_without_a_length_above_the_limit_is_refused()
    {
        using var handler = new UnsizedBodyHandler(new byte[40_000]);
        using var channel = new PollingChannel(new PollingClientOptions { HttpMessageHandler = handler, MaxResponseSize = 1000 });

        var error = Assert.ThrowsAsync<PollingRequestException>(() => channel.GetAsync(Somewhere).WaitAsync(Timeout));

        Assert.That(error!.Message, Does.Contain("limit of 1000 bytes"));
    }

    [Test]
    public async Task An_empty_body_with_a_length_of_zero_is_empty()
    {
        using var handler = new UnsizedBodyHandler([], sized: true);
        using var channel = new PollingChannel(new PollingClientOptions { HttpMessageHandler = handler });

        var response = await channel.GetAsync(Somewhere).WaitAsync(Timeout);

        Assert.That(response.Body.Length, Is.Zero);
    }

    private sealed class UnsizedBodyHandler(byte[] body, bool sized = false) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK)
            {
                RequestMessage = request,
                Content = sized ? new ByteArrayContent(body) : new UnsizedContent(body),
            });
    }

    /// <summary>Content that cannot tell its length, as with Transfer-Encoding: chunked; written in 1,000-byte pieces.</summary>
    private sealed class UnsizedContent(byte[] body) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            for (var offset = 0; offset < body.Length; offset += 1000)
            {
                await stream.WriteAsync(body.AsMemory(offset, Math.Min(1000, body.Length - offset)));
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
