using System.Collections.Concurrent;

namespace Tusk.Docs.Snippets;

/// <summary>
/// Maps the server addresses that the documentation shows (<c>http://localhost:3000</c>, the bundled sample server)
/// to the servers the tests started on free ports.
/// </summary>
/// <remarks>
/// A snippet writes <c>DocServers.At("http://localhost:3000")</c> where the documentation shows
/// <c>new Uri("http://localhost:3000")</c>: the documentation check makes exactly that replacement, so the address a
/// reader sees is the one in the code, and only the port changes when the tests run it.
/// </remarks>
public static class DocServers
{
    private static readonly ConcurrentDictionary<string, Uri> Servers = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Routes the documented authority (<c>localhost:3000</c>) to a running server (scheme, host and port).</summary>
    public static void Map(string documentedAuthority, Uri server) => Servers[documentedAuthority] = server;

    /// <summary>The documented URL, with its authority replaced by the server mapped to it.</summary>
    /// <exception cref="InvalidOperationException">No server is mapped to the URL's authority.</exception>
    public static Uri At(string documentedUrl)
    {
        var documented = new Uri(documentedUrl);
        if (!Servers.TryGetValue(documented.Authority, out var server))
        {
            throw new InvalidOperationException($"No test server is mapped to {documented.Authority} (DocServers.Map).");
        }

        // "localhost" stays (it must work as well as 127.0.0.1); a made-up host name becomes the server's address.
        var host = documented.IsLoopback ? documented.Host : server.Host;
        return new UriBuilder(documented) { Host = host, Port = server.Port }.Uri;
    }
}
