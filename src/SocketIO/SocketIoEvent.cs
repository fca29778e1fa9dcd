using System.Text.Json;
using Tusk.SocketIO.Serialization;

namespace Tusk.SocketIO;

/// <summary>An event received from the server: its name, namespace and arguments, and a way to answer its ack.</summary>
/// <remarks>
/// Thread safety: safe to read from any thread; <see cref="AckAsync(object?[], CancellationToken)"/> may be called
/// from any thread, at any time, once (a second call throws).
/// </remarks>
public sealed class SocketIoEvent : SocketIoArguments
{
    private readonly Func<long, object?[], CancellationToken, Task>? _sendAck;
    private int _acked;

    internal SocketIoEvent(
        string name,
        string @namespace,
        long? ackId,
        DecodedArguments arguments,
        SocketIoJson json,
        Func<long, object?[], CancellationToken, Task>? sendAck)
        : base(arguments, json)
    {
        Name = name;
        Namespace = @namespace;
        _ackId = ackId.GetValueOrDefault();
        _hasAckId = ackId.HasValue;
        _sendAck = sendAck;
    }

    /// <summary>
    /// Creates an event as if the server had sent it, for tests of code that handles events: call a handler your code
    /// registered on a fake <see cref="ISocketIoSocket"/> with it, or return it from a faked
    /// <see cref="ISocketIoSocket.WaitAsync"/>.
    /// </summary>
    /// <param name="name">The event name.</param>
    /// <param name="arguments">The arguments, e.g. from <see cref="JsonSerializer.SerializeToElement{TValue}(TValue, JsonSerializerOptions?)"/> (copied).</param>
    /// <param name="namespace">The namespace it arrived on.</param>
    /// <param name="acknowledge">Receives what <see cref="AckAsync(object?[], CancellationToken)"/> is called with, as
    /// if the server had asked for an ack; <see langword="null"/> for an event that asks for none.</param>
    /// <param name="jsonSerializerOptions">How <see cref="SocketIoArguments.GetValue{T}(int)"/> reads the arguments, as
    /// <see cref="SocketIoClientOptions.JsonSerializerOptions"/> would; <see langword="null"/> for the client's default.</param>
    public SocketIoEvent(
        string name,
        IReadOnlyList<JsonElement> arguments,
        string @namespace = "/",
        Func<object?[], CancellationToken, Task>? acknowledge = null,
        JsonSerializerOptions? jsonSerializerOptions = null)
        : this(
            name ?? throw new ArgumentNullException(nameof(name)),
            @namespace ?? throw new ArgumentNullException(nameof(@namespace)),
            acknowledge is null ? null : 0,
            DecodedArguments.Copy(arguments),
            SocketIoJson.For(jsonSerializerOptions),
            acknowledge is null ? null : (_, values, cancellationToken) => acknowledge(values, cancellationToken))
    {
    }

    /// <summary>The event name.</summary>
    public string Name { get; }

    /// <summary>The namespace it arrived on, e.g. <c>/</c> or <c>/admin</c>.</summary>
    public string Namespace { get; }

    /// <summary>The ack id the server asked to be answered, or <see langword="null"/>.</summary>
    public long? AckId => _hasAckId ? _ackId : null;

    // Not a long? field (a flag beside _acked instead): one event is made per received event, and Nullable<long> pads it.
    private readonly long _ackId;
    private readonly bool _hasAckId;

    /// <summary>Whether the server expects an acknowledgement (call <see cref="AckAsync(object?[])"/>).</summary>
    public bool AckRequested => AckId is not null;

    /// <summary>Answers the server's ack request, from a handler or at any later time; only once.</summary>
    /// <param name="arguments">The ack's arguments (binary allowed anywhere).</param>
    /// <returns>A task that completes once the ack is sent.</returns>
    /// <exception cref="InvalidOperationException">The server did not ask for an ack, or it was already answered.</exception>
    public Task AckAsync(params object?[] arguments) => AckAsync(arguments, CancellationToken.None);

    /// <summary>Answers the server's ack request, from a handler or at any later time; only once.</summary>
    /// <param name="arguments">The ack's arguments (binary allowed anywhere).</param>
    /// <param name="cancellationToken">Cancels sending.</param>
    /// <returns>A task that completes once the ack is sent.</returns>
    /// <exception cref="InvalidOperationException">The server did not ask for an ack, or it was already answered.</exception>
    public Task AckAsync(object?[] arguments, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        if (AckId is not { } id || _sendAck is null)
        {
            throw new InvalidOperationException($"The server did not ask for an acknowledgement of event '{Name}'.");
        }

        if (Interlocked.Exchange(ref _acked, 1) != 0)
        {
            throw new InvalidOperationException($"Event '{Name}' (ack id {id}) was already acknowledged.");
        }

        return _sendAck(id, arguments, cancellationToken);
    }
}
