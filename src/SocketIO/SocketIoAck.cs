using Tusk.SocketIO.Serialization;

namespace Tusk.SocketIO;

/// <summary>The arguments the server passed to an acknowledgement callback.</summary>
public sealed class SocketIoAck : SocketIoArguments
{
    internal SocketIoAck(DecodedArguments arguments, SocketIoJson json) : base(arguments, json) { }
}
