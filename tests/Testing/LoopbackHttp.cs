namespace Tusk.Testing;

/// <summary>HTTP clients for talking to the test servers directly.</summary>
public static class LoopbackHttp
{
    /// <summary>The request timeout <see cref="CreateClient"/> uses unless told otherwise.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Creates an <see cref="HttpClient"/> that never goes through a proxy (an <c>HTTP_PROXY</c> in the environment must
    /// not intercept loopback traffic) and gives up after <paramref name="timeout"/> (default <see cref="DefaultTimeout"/>).
    /// </summary>
    public static HttpClient CreateClient(TimeSpan? timeout = null) =>
        new(new SocketsHttpHandler { UseProxy = false }) { Timeout = timeout ?? DefaultTimeout };
}
