using System.Buffers.Binary;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace Tusk.Transport.WebSocket.Tests.Hostile;

/// <summary>A frame the client sent, already unmasked.</summary>
internal sealed record ClientFrame(int Opcode, bool Fin, bool Rsv1, byte[] Payload, bool Masked, int MaskKey)
{
    public int? CloseCode => Opcode == 0x8 && Payload.Length >= 2 ? BinaryPrimitives.ReadUInt16BigEndian(Payload) : null;
}

/// <summary>The server end of one TCP connection, driven byte by byte by a test. Its frame encoder and decoder
/// are written independently of the library's codec, so a codec bug cannot hide itself.</summary>
internal sealed class RawPeer : IAsyncDisposable
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private readonly TcpClient _client;
    private readonly Stream _stream;

    /// <param name="client">The accepted connection.</param>
    /// <param name="stream">The stream to talk over (e.g. a server-side TLS stream); the socket's own by default.</param>
    public RawPeer(TcpClient client, Stream? stream = null)
    {
        _client = client;
        _client.NoDelay = true;
        _stream = stream ?? client.GetStream();
    }

    public string RequestText { get; private set; } = string.Empty;

    public Dictionary<string, string> RequestHeaders { get; } = new(StringComparer.OrdinalIgnoreCase);

    public string Key => RequestHeaders["Sec-WebSocket-Key"];

    public static string Accept(string key) =>
        Convert.ToBase64String(SHA1.HashData(Encoding.ASCII.GetBytes(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11")));

    /// <summary>A server frame (unmasked unless asked), built by hand.</summary>
    public static byte[] Frame(int opcode, byte[] payload, bool fin = true, int rsv = 0, bool masked = false, ulong? forcedLength = null)
    {
        var bytes = new List<byte> { (byte)((fin ? 0x80 : 0) | (rsv << 4) | opcode) };
        var length = forcedLength ?? (ulong)payload.Length;
        var maskBit = masked ? 0x80 : 0;
        if (length <= 125)
        {
            bytes.Add((byte)(maskBit | (int)length));
        }
        else if (length <= 0xFFFF)
        {
            bytes.Add((byte)(maskBit | 126));
            bytes.Add((byte)(length >> 8));
            bytes.Add((byte)length);
        }
        else
        {
            bytes.Add((byte)(maskBit | 127));
            for (var shift = 56; shift >= 0; shift -= 8)
            {
                bytes.Add((byte)(length >> shift));
            }
        }

        if (masked)
        {
            byte[] key = [1, 2, 3, 4];
            bytes.AddRange(key);
            bytes.AddRange(payload.Select((b, i) => (byte)(b ^ key[i % 4])));
        }
        else
        {
            bytes.AddRange(payload);
        }

        return [.. bytes];
    }

    public static byte[] Text(string text, bool fin = true, int opcode = 0x1) => Frame(opcode, Encoding.UTF8.GetBytes(text), fin);

    public static byte[] Close(int code, string reason = "") =>
        Frame(0x8, [(byte)(code >> 8), (byte)code, .. Encoding.UTF8.GetBytes(reason)]);

    public async Task ReadRequestAsync()
    {
        var head = new List<byte>();
        while (head.Count < 4 || !(head[^4] == '\r' && head[^3] == '\n' && head[^2] == '\r' && head[^1] == '\n'))
        {
            head.Add(await ReadByteAsync() ?? throw new EndOfStreamException("The client closed during its request."));
        }

        RequestText = Encoding.Latin1.GetString([.. head]);
        foreach (var line in RequestText.Split("\r\n").Skip(1).Where(l => l.Length > 0))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            RequestHeaders[line[..colon].Trim()] = line[(colon + 1)..].Trim();
        }
    }

    public Task SendUpgradeAsync(string extraHeaders = "", byte[]? trailing = null) =>
        WriteAsync([.. Encoding.ASCII.GetBytes(
            "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
            $"Sec-WebSocket-Accept: {Accept(Key)}\r\n{extraHeaders}\r\n"), .. trailing ?? []]);

    public Task SendRawAsync(string text) => WriteAsync(Encoding.Latin1.GetBytes(text));

    public async Task WriteAsync(byte[] bytes) => await _stream.WriteAsync(bytes).AsTask().WaitAsync(Patience);

    /// <summary>
    /// Writes <paramref name="bytes"/> in pieces of <paramref name="chop"/> bytes, each its own write, until the client
    /// drops the connection: a client that fails fast closes as soon as it has seen the offending byte, and whether
    /// the rest was still being written then is up to the scheduler (a write into the closed connection fails with
    /// "broken pipe" or "connection reset"). The caller asserts what the client did.
    /// </summary>
    public async Task WriteChoppedAsync(byte[] bytes, int chop)
    {
        for (var i = 0; i < bytes.Length; i += chop)
        {
            try
            {
                await WriteAsync(bytes[i..Math.Min(bytes.Length, i + chop)]);
            }
            catch (IOException) when (i > 0)
            {
                return;
            }
        }
    }

    /// <summary>Reads one client frame, or <see langword="null"/> when the client closed TCP.</summary>
    public async Task<ClientFrame?> ReadFrameAsync()
    {
        var header = await ReadExactAsync(2);
        if (header is null)
        {
            return null;
        }

        var masked = (header[1] & 0x80) != 0;
        ulong length = (ulong)(header[1] & 0x7F);
        if (length == 126)
        {
            var ext = await ReadExactAsync(2) ?? throw new EndOfStreamException();
            length = BinaryPrimitives.ReadUInt16BigEndian(ext);
        }
        else if (length == 127)
        {
            var ext = await ReadExactAsync(8) ?? throw new EndOfStreamException();
            length = BinaryPrimitives.ReadUInt64BigEndian(ext);
        }

        var key = masked ? await ReadExactAsync(4) ?? throw new EndOfStreamException() : [0, 0, 0, 0];
        var payload = await ReadExactAsync(checked((int)length)) ?? throw new EndOfStreamException();
        for (var i = 0; i < payload.Length; i++)
        {
            payload[i] ^= key[i % 4];
        }

        return new ClientFrame(header[0] & 0x0F, (header[0] & 0x80) != 0, (header[0] & 0x40) != 0, payload, masked, BitConverter.ToInt32(key));
    }

    /// <summary>Reads frames until the client's close frame.</summary>
    /// <returns>The close frame, or <see langword="null"/> when the client dropped TCP without one.</returns>
    public async Task<ClientFrame?> ReadUntilCloseAsync()
    {
        while (await ReadFrameAsync() is { } frame)
        {
            if (frame.Opcode == 0x8)
            {
                return frame;
            }
        }

        return null;
    }

    /// <summary>Whether the client ends TCP (within the timeout) after whatever it still sends.</summary>
    public async Task<bool> ClientClosesTcpAsync()
    {
        try
        {
            while (await ReadFrameAsync() is not null)
            {
            }

            return true;
        }
        catch (IOException)
        {
            return true;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stream.DisposeAsync();
        _client.Dispose();
    }

    private async Task<byte?> ReadByteAsync()
    {
        var bytes = await ReadExactAsync(1);
        return bytes?[0];
    }

    private async Task<byte[]?> ReadExactAsync(int count)
    {
        var result = new byte[count];
        var filled = 0;
        while (filled < count)
        {
            var read = await _stream.ReadAsync(result.AsMemory(filled)).AsTask().WaitAsync(Patience);
            if (read == 0)
            {
                return filled == 0 ? null : throw new EndOfStreamException("The client closed TCP inside a frame.");
            }

            filled += read;
        }

        return result;
    }
}
