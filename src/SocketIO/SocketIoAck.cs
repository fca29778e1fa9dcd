using System.Text.Json;
using Tusk.SocketIO.Serialization;

namespace Tusk.SocketIO;

/// <summary>The arguments the server passed to an acknowledgement callback.</summary>
/// <remarks>
/// Thread safety: immutable; safe to read from any thread. Each read of a binary value as a <see cref="Stream"/> gets
/// its own stream.
/// </remarks>
public sealed class SocketIoAck : SocketIoArguments
{
    /// <summary>
    /// Creates an acknowledgement as if the server had answered with <paramref name="arguments"/>, for tests of code
    /// that emits with an ack: return it from a faked <see cref="ISocketIoSocket.EmitWithAckAsync(string, object?[])"/>.
    /// </summary>
    /// <param name="arguments">The ack's arguments, e.g. from <see cref="JsonSerializer.SerializeToElement{TValue}(TValue, JsonSerializerOptions?)"/> (copied).</param>
    /// <param name="jsonSerializerOptions">How <see cref="SocketIoArguments.GetValue{T}(int)"/> reads the arguments, as
    /// <see cref="SocketIoClientOptions.JsonSerializerOptions"/> would; <see langword="null"/> for the client's default.</param>
    public SocketIoAck(IReadOnlyList<JsonElement> arguments, JsonSerializerOptions? jsonSerializerOptions = null)
        : this(DecodedArguments.Copy(arguments), SocketIoJson.For(jsonSerializerOptions))
    {
    }

    internal SocketIoAck(DecodedArguments arguments, SocketIoJson json) : base(arguments, json) { }
}
