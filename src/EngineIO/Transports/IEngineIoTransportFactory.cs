namespace Tusk.EngineIO.Transports;

/// <summary>Creates the transports of an Engine.IO session by name.</summary>
/// <remarks>
/// Thread safety: implementations must allow <see cref="CreateTransport"/> from any thread and concurrently: a
/// session asks for transports from its connect and from its background upgrade, and one factory may serve several
/// sessions.
/// </remarks>
public interface IEngineIoTransportFactory
{
    /// <summary>Creates a transport, or returns null when this factory does not know the name.</summary>
    /// <param name="name">The transport name from <see cref="EngineIoClientOptions.Transports"/> or the server's upgrade list.</param>
    /// <param name="context">What the session knows; shared by all transports of the session and updated as it learns more.</param>
    IEngineIoTransport? CreateTransport(string name, EngineIoTransportContext context);
}
