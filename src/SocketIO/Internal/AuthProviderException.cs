namespace Tusk.SocketIO.Internal;

/// <summary>The auth provider threw or did not return within ConnectTimeout, so no CONNECT was sent (a refusal by the
/// server is a <see cref="SocketIoConnectException"/> with its message instead). Internal: callers catch the base type.</summary>
internal sealed class AuthProviderException(string message, Exception innerException) : SocketIoConnectException(message, innerException);
