using System.CommandLine;
using System.Text.Json;
using Tusk.SocketIO;

namespace Tusk.Cli.Connection;

/// <summary>
/// The options every command that connects shares, mapped onto <see cref="SocketIoClientOptions"/>. Values of
/// <c>--auth</c>, <c>--header</c> and <c>--query</c> are secrets as far as the tool knows: they reach the server and
/// nothing else (no echo, no log line, no error message).
/// </summary>
internal sealed class ConnectionOptions
{
    public Argument<string> Url { get; } = new("url")
    {
        Description = "The server, e.g. http://localhost:3000 (a path is a prefix before --path, not a namespace).",
    };

    public Option<string> Namespace { get; } = new("--namespace", "-n")
    {
        Description = "The namespace to join.",
        DefaultValueFactory = _ => "/",
    };

    public Option<string?> Transport { get; } = new("--transport", "-t")
    {
        Description = "polling (stay on HTTP long-polling) or websocket (WebSocket only). Default: polling, then upgrade to WebSocket.",
    };

    public Option<string> Protocol { get; } = new("--protocol")
    {
        Description = "auto (detect), 0.9, 3, 4 or 5 (socket.io 1.x/2.x speak 4, 3.x/4.x speak 5).",
        DefaultValueFactory = _ => "auto",
    };

    public Option<string?> Auth { get; } = new("--auth")
    {
        Description = "The auth payload as JSON, e.g. '{\"token\":\"...\"}' (socket.io 3.x/4.x).",
    };

    public Option<string[]> Header { get; } = new("--header", "-H")
    {
        Description = "An extra HTTP header, K=V (repeatable).",
        Arity = ArgumentArity.ZeroOrMore,
    };

    public Option<string[]> Query { get; } = new("--query", "-q")
    {
        Description = "A query parameter, K=V (repeatable).",
        Arity = ArgumentArity.ZeroOrMore,
    };

    public Option<string> Path { get; } = new("--path")
    {
        Description = "The Socket.IO endpoint path.",
        DefaultValueFactory = _ => "/socket.io",
    };

    public Option<bool> Insecure { get; } = new("--insecure", "-k")
    {
        Description = "Accept any TLS certificate (self-signed test servers only).",
    };

    public Option<bool> Verbose { get; } = new("--verbose", "-v")
    {
        Description = "Write the library's log to standard error (no payloads, no secrets).",
    };

    public Option<double> ConnectTimeout { get; } = new("--connect-timeout")
    {
        Description = "Seconds to wait for the connection and the namespace.",
        DefaultValueFactory = _ => 10,
    };

    /// <summary>Adds the URL argument and the options to a command.</summary>
    public void AddTo(Command command, bool withUrl = true)
    {
        if (withUrl)
        {
            command.Arguments.Add(Url);
        }

        foreach (var option in new Option[] { Namespace, Transport, Protocol, Auth, Header, Query, Path, Insecure, Verbose, ConnectTimeout })
        {
            command.Options.Add(option);
        }
    }

    /// <summary>The client settings from a parsed command line.</summary>
    /// <exception cref="CliUsageException">A value the tool cannot use (the message never repeats it).</exception>
    public ClientSettings Read(ParseResult parse, Uri? server = null)
    {
        server ??= ParseUrl(parse.GetValue(Url));
        var options = new SocketIoClientOptions
        {
            Namespace = ReadNamespace(parse.GetValue(Namespace)),
            Protocol = ParseProtocol(parse.GetValue(Protocol)),
            Path = parse.GetValue(Path) is { Length: > 0 } path ? path : "/socket.io",
            DangerousAcceptAnyServerCertificate = parse.GetValue(Insecure),
            ConnectTimeout = Seconds(parse.GetValue(ConnectTimeout), "--connect-timeout", max: 600),
        };

        var transport = parse.GetValue(Transport);
        var holdOnPolling = false;
        switch (transport?.ToLowerInvariant())
        {
            case null:
                break;
            case "polling":
                options.Transports = ["polling"];
                options.Upgrade = false;
                holdOnPolling = true;
                break;
            case "websocket":
                options.Transports = ["websocket"];
                break;
            default:
                throw new CliUsageException("--transport takes polling or websocket.");
        }

        if (parse.GetValue(Auth) is { } auth)
        {
            options.Auth = ParseJson(auth, "--auth");
        }

        foreach (var (key, value) in KeyValues(parse.GetValue(Header), "--header"))
        {
            options.ExtraHeaders[key] = value;
        }

        foreach (var (key, value) in KeyValues(parse.GetValue(Query), "--query"))
        {
            options.Query[key] = value;
        }

        return new ClientSettings(server, options, parse.GetValue(Verbose), holdOnPolling);
    }

    public static Uri ParseUrl(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new CliUsageException("Give the server's URL, e.g. http://localhost:3000.");
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https" or "ws" or "wss"))
        {
            throw new CliUsageException(
                $"'{Redaction.Url(text)}' is not a server URL: write http://host:port (or https://, ws://, wss://).");
        }

        return uri;
    }

    public static string ReadNamespace(string? text) =>
        string.IsNullOrWhiteSpace(text) ? "/" : text.StartsWith('/') ? text : "/" + text;

    public static SocketIoProtocol ParseProtocol(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        null or "" or "auto" => SocketIoProtocol.Auto,
        "0.9" or "v0_9" or "v0.9" => SocketIoProtocol.V0_9,
        "3" or "v3" => SocketIoProtocol.V3,
        "4" or "v4" => SocketIoProtocol.V4,
        "5" or "v5" => SocketIoProtocol.V5,
        _ => throw new CliUsageException("--protocol takes auto, 0.9, 3, 4 or 5."),
    };

    public static TimeSpan Seconds(double value, string option, double max)
    {
        if (double.IsNaN(value) || value <= 0 || value > max)
        {
            throw new CliUsageException($"{option} takes seconds above 0 and at most {max}.");
        }

        return TimeSpan.FromSeconds(value);
    }

    /// <summary>Parses JSON given on the command line; the error names the option and the position, not the text.</summary>
    public static JsonElement ParseJson(string text, string what)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.Clone();
        }
        catch (JsonException exception)
        {
            throw new CliUsageException(
                $"{what} is not valid JSON (line {exception.LineNumber + 1}, byte {exception.BytePositionInLine + 1}). " +
                "Quote it for the shell, and write strings with double quotes: '{\"token\":\"abc\"}', '\"text\"'.");
        }
    }

    private static IEnumerable<(string Key, string Value)> KeyValues(string[]? items, string option)
    {
        foreach (var item in items ?? [])
        {
            var equals = item.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new CliUsageException($"{option} takes K=V (a name, '=', then the value).");
            }

            yield return (item[..equals].Trim(), item[(equals + 1)..]);
        }
    }
}
