// Elephant.io's "binary-event" example: upload 2,048,000 bytes in 512 KiB binary parts, then download them in one event.
// Run the sample server first (node samples/server/server.js 3000), then: dotnet run --project samples/BinaryEvent [-- url]
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Tusk.SocketIO;

var server = new Uri(args.FirstOrDefault() ?? "http://127.0.0.1:3000");
var payload = RandomNumberGenerator.GetBytes(2_048_000);
var timeout = TimeSpan.FromSeconds(10);

foreach (var transport in new[] { "websocket", "polling" })
{
    var options = new SocketIoClientOptions { Transports = [transport], JsonSerializerOptions = JsonSerializerOptions.Web };
    await using var client = new SocketIoClient(server, options);
    var socket = client.Of("/binary-event");
    await socket.ConnectAsync();

    // byte[] or (ReadOnly)Memory<byte> values anywhere in the arguments travel as binary attachments, not as base64.
    var hash = Guid.NewGuid().ToString("N");
    for (var offset = 0; offset < payload.Length; offset += 512 * 1024)
    {
        var part = payload.AsMemory(offset, Math.Min(512 * 1024, payload.Length - offset));
        await socket.EmitAsync("test-binary-attachment", new { hash, content = part });
        var stored = await socket.WaitAsync("test-binary-attachment", timeout) ?? throw new TimeoutException("no reply");
        var reply = stored.GetValue<UploadReply>();
        if (!reply.Success) throw new InvalidOperationException("The server refused the part.");
        Console.WriteLine($"{transport}: part sent, the server holds {reply.Length:N0} bytes");
    }

    await socket.EmitAsync("test-binary", new { hash });
    var download = (await socket.WaitAsync("test-binary", timeout) ?? throw new TimeoutException("no reply")).GetValue<DownloadReply>();
    Console.WriteLine($"{transport}: got {download.Payload.Length:N0} bytes back (identical: {download.Payload.AsSpan().SequenceEqual(payload)}), " +
        $"server time {Encoding.UTF8.GetString(download.Time)}");
}

internal sealed record UploadReply(bool Success, int Length);

internal sealed record DownloadReply(bool Success, byte[] Time, byte[] Payload);
