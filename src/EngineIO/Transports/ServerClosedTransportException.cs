namespace Tusk.EngineIO.Transports;

/// <summary>
/// A built-in transport could not write because the server had just closed it normally (a WebSocket close 1000, the
/// counterpart of a close packet over polling). The session ends as <see cref="EngineIoCloseReason.ServerClose"/>, the
/// same as when its receive side reads that close first; this never reaches the application.
/// </summary>
internal sealed class ServerClosedTransportException() : EngineIoException("The server closed the transport.");
