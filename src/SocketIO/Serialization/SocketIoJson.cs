using System.Text.Json;

namespace Tusk.SocketIO.Serialization;

/// <summary>The serializer options and binary handling one client uses for arguments, acks and auth.</summary>
internal sealed class SocketIoJson
{
    public bool BinaryAsStream { get; init; }

    public T Deserialize<T>(JsonElement element) => throw new NotImplementedException();
}
