using System.Text;
using System.Text.Json;

namespace Tusk.EngineIO.Protocol;

/// <summary>Reads the JSON of the <c>open</c> packet (§1.3).</summary>
internal static class HandshakeParser
{
    public static EngineIoHandshake Parse(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            throw new EngineIoParseException("The open packet carries no handshake data.");
        }

        string? sid = null;
        var upgrades = new List<string>();
        long pingInterval = 25000;
        long pingTimeout = 20000;
        long? maxPayload = null;
        try
        {
            var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json));
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                throw new EngineIoParseException($"The handshake is not a JSON object: {Truncate(json)}");
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString();
                reader.Read();
                switch (name)
                {
                    case "sid" when reader.TokenType == JsonTokenType.String:
                        sid = reader.GetString();
                        break;
                    case "upgrades" when reader.TokenType == JsonTokenType.StartArray:
                        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                        {
                            if (reader.TokenType == JsonTokenType.String && reader.GetString() is { } upgrade)
                            {
                                upgrades.Add(upgrade);
                            }
                            else
                            {
                                reader.Skip();
                            }
                        }

                        break;
                    case "pingInterval" when reader.TokenType == JsonTokenType.Number:
                        pingInterval = reader.GetInt64();
                        break;
                    case "pingTimeout" when reader.TokenType == JsonTokenType.Number:
                        pingTimeout = reader.GetInt64();
                        break;
                    case "maxPayload" when reader.TokenType == JsonTokenType.Number:
                        maxPayload = reader.GetInt64();
                        break;
                    default:
                        reader.Skip();
                        break;
                }
            }
        }
        catch (Exception exception) when (exception is JsonException or FormatException or InvalidOperationException)
        {
            throw new EngineIoParseException($"The handshake is not valid JSON: {Truncate(json)}", exception);
        }

        if (string.IsNullOrEmpty(sid))
        {
            throw new EngineIoParseException($"The handshake has no session id: {Truncate(json)}");
        }

        if (pingInterval <= 0 || pingTimeout <= 0 || pingInterval > int.MaxValue || pingTimeout > int.MaxValue)
        {
            throw new EngineIoParseException($"The handshake has invalid heartbeat values: {Truncate(json)}");
        }

        return new EngineIoHandshake(sid, upgrades, TimeSpan.FromMilliseconds(pingInterval), TimeSpan.FromMilliseconds(pingTimeout), maxPayload);
    }

    private static string Truncate(string text) => text.Length <= 200 ? text : string.Concat(text.AsSpan(0, 200), "…");
}
