using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;
using Tusk.EngineIO.Transports;
using Tusk.Transport.WebSocket;

namespace Tusk.EngineIO;

/// <summary>Settings of an <see cref="EngineIoClient"/>. A plain settable object, bindable from configuration.</summary>
/// <remarks>
/// Thread safety: not synchronized. Set it up on one thread, then hand it to <see cref="EngineIoClient"/>, which
/// reads it from its own threads from then on: do not change it afterwards (a client that is running may read a
/// changed value half-way).
/// </remarks>
public sealed class EngineIoClientOptions
{
    private EngineIoConnectionOptions _connection = new();

    /// <summary>The server path. Default <c>/engine.io</c> (Socket.IO servers use <c>/socket.io</c>).</summary>
    public string Path { get; set; } = "/engine.io";

    /// <summary>The protocol revision. Default <see cref="EngineIoVersion.Auto"/>: detected from the server's first answer.</summary>
    public EngineIoVersion Version { get; set; } = EngineIoVersion.Auto;

    /// <summary>
    /// The transports to use, in order; the first opens the session. Default <c>["polling", "websocket"]</c>.
    /// <c>["websocket"]</c> gives a WebSocket-only session, <c>["polling"]</c> a polling-only one.
    /// </summary>
    public IList<string> Transports { get; set; } = new List<string> { EngineIoTransportNames.Polling, EngineIoTransportNames.WebSocket };

    /// <summary>Whether to upgrade from polling to a transport the server offers (WebSocket). Default true.</summary>
    public bool Upgrade { get; set; } = true;

    /// <summary>Extra query parameters sent on every request (before <c>EIO</c>, <c>transport</c>, <c>sid</c>, <c>t</c>).</summary>
    public IDictionary<string, string> Query { get; set; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Add the cache-busting <c>t</c> parameter to every polling request. Default true.</summary>
    public bool TimestampRequests { get; set; } = true;

    /// <summary>Append a trailing slash to <see cref="Path"/> (servers before 4.6 only match <c>/socket.io/</c>). Default true.</summary>
    public bool AddTrailingSlash { get; set; } = true;

    /// <summary>The longest <see cref="EngineIoClient.ConnectAsync"/> may take, handshake included. Default 20 s.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>
    /// The longest a polling request may take. A long poll is held by the server for up to its ping interval, so
    /// this must exceed it. Default 30 s. Longer ping intervals extend the poll timeout automatically.
    /// </summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The longest the upgrade probe (<c>2probe</c> → <c>3probe</c> and the pause) may take before the client stays on polling. Default 10 s.</summary>
    public TimeSpan UpgradeTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How many received messages are buffered for <see cref="EngineIoClient.ReceiveAsync"/> before the receive loop waits for the reader. Default 1024.</summary>
    public int ReceiveBufferCapacity { get; set; } = 1024;

    /// <summary>
    /// How many bytes of received messages (their UTF-8 or binary bytes) may wait for
    /// <see cref="EngineIoClient.ReceiveAsync"/>: once the messages waiting hold this many or more, the receive loop waits
    /// for the reader before it reads on (nothing is dropped), so they hold at most this plus one message
    /// (<see cref="MaxReceiveSize"/>). Default 16 MiB, as the Socket.IO client's pull buffer. A bound in bytes next to
    /// <see cref="ReceiveBufferCapacity"/>: 1,024 messages of up to 100 MB each would otherwise be 100 GB.
    /// </summary>
    public long ReceiveBufferMaxBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>
    /// How many messages may wait in the send queue before <see cref="EngineIoClient.SendAsync(string, CancellationToken)"/>
    /// waits for room (the message is queued either way, so call order is kept). Default 1024.
    /// </summary>
    public int SendBufferCapacity { get; set; } = 1024;

    /// <summary>
    /// Whether a <see cref="EngineIoClient.ReceiveAsync"/> that is waiting for a message resumes on the receive loop
    /// itself rather than on a thread-pool thread. Default false. True saves a thread hand-off per message, but the code
    /// after <c>await ReceiveAsync()</c> then runs on the loop: it must not block, since heartbeats and every later
    /// message wait behind it. Over WebSocket with inline socket completions (<see cref="EngineIoConnectionOptions.SocketCompletions"/>,
    /// <see cref="Tusk.Transport.WebSocket.SocketCompletionMode.Auto"/> by default) the loop runs on the runtime's socket
    /// thread, which serves every socket of the process: code that may block there wants
    /// <see cref="Tusk.Transport.WebSocket.SocketCompletionMode.ThreadPool"/>.
    /// </summary>
    public bool InlineReceiveContinuations { get; set; }

    /// <summary>
    /// Whether the WebSocket transport receives text messages of up to 64 KiB into arrays it rents from
    /// <see cref="System.Buffers.ArrayPool{T}.Shared"/> and takes back, instead of a new array per message. Default
    /// false. When true, the UTF-8 bytes of such a message (<see cref="EngineIoMessage.TryGetUtf8Text"/>, and the packet
    /// <see cref="EngineIoClient.PacketReceived"/> shows) are valid only until the reader receives the next message
    /// (<see cref="EngineIoClient.ReceiveAsync"/>, or the next item of <see cref="EngineIoClient.ReadAllAsync"/>): the
    /// array is then reused for a later message. For a single reader that decodes each message before receiving the
    /// next and copies what it keeps, as the Socket.IO client does; with several readers, leave it false.
    /// </summary>
    public bool ReuseReceiveBuffers { get; set; }

    /// <summary>The largest message or polling response accepted from the server, in bytes. Default 100 MB.</summary>
    public long MaxReceiveSize { get; set; } = 100_000_000;

    /// <summary>
    /// The most WebSocket frames one message may arrive in; a server that goes past it (for instance with endless empty
    /// continuation frames) fails the connection with close code 1009. Default 65,536
    /// (<c>WebSocketConnectionOptions.DefaultMaxFragmentsPerMessage</c>).
    /// </summary>
    public int MaxFragmentsPerMessage { get; set; } = WebSocketConnectionOptions.DefaultMaxFragmentsPerMessage;

    /// <summary>
    /// Offer permessage-deflate (RFC 7692) on the WebSocket transport; the server decides whether it is used. Default
    /// false (as the JS client in browsers leaves it to the browser; socket.io servers accept it when started with
    /// <c>perMessageDeflate</c>).
    /// </summary>
    public bool EnableCompression { get; set; }

    /// <summary>
    /// With compression in use, messages shorter than this many bytes are sent uncompressed (deflating them costs more
    /// than it saves). Default 1024, as the JS client's <c>perMessageDeflate.threshold</c>; 0 compresses every message.
    /// </summary>
    public int CompressionThreshold { get; set; } = 1024;

    /// <summary>Creates the transports. Default null: <see cref="EngineIoTransportFactory.Default"/> (polling and WebSocket).</summary>
    public IEngineIoTransportFactory? TransportFactory { get; set; }

    /// <summary>
    /// The connection settings both transports share: headers, cookies, TLS, proxy, the HTTP stack for polling, logging
    /// and the clock (<c>options.Connection.Headers</c>, <c>options.Connection.Cookies</c>,
    /// <c>options.Connection.TimeProvider</c>, ...). They are set here only: this class composes them rather than
    /// repeating them, so the Engine.IO options and the connection settings each have one home.
    /// </summary>
    /// <exception cref="ArgumentNullException">The value is null.</exception>
    public EngineIoConnectionOptions Connection
    {
        get => _connection;
        set => _connection = value ?? throw new ArgumentNullException(nameof(value));
    }
}
