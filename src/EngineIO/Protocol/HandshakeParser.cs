using System.Text;
using System.Text.Json;

namespace Tusk.EngineIO.Protocol;

/// <summary>Reads the JSON of the <c>open</c> packet (§1.3).</summary>
internal static class HandshakeParser
{
    /// <summary>
    /// The longest <c>pingInterval</c>, and the longest <c>pingTimeout</c>, a handshake may ask for: 5 minutes each.
    /// They set how long a poll is allowed to last (pingInterval + pingTimeout + 5 s) and how long a silent server goes
    /// unnoticed; servers use tens of seconds (engine.io: 25 s and 20 s), and a server that asks for days would make
    /// every wait of the session practically unbounded.
    /// </summary>
    public static readonly TimeSpan MaxHeartbeatValue = TimeSpan.FromMinutes(5);

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
                        // 0 (or less) is no limit, as engine.io-client reads it ("if (!this._maxPayload)"): as a limit it
                        // would refuse every message.
                        var announced = reader.GetInt64();
                        maxPayload = announced > 0 ? announced : null;
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

        if (pingInterval <= 0 || pingTimeout <= 0)
        {
            throw new EngineIoParseException($"The handshake has invalid heartbeat values: {Truncate(json)}");
        }

        var max = (long)MaxHeartbeatValue.TotalMilliseconds;
        if (pingInterval > max || pingTimeout > max)
        {
            throw new EngineIoParseException(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"The handshake asks for pingInterval {pingInterval} ms and pingTimeout {pingTimeout} ms; the client accepts at most {max} ms ({MaxHeartbeatValue.TotalMinutes:0} minutes) for each, so that no wait of the session is practically unbounded. Lower the server's pingInterval and pingTimeout."));
        }

        return new EngineIoHandshake(sid, upgrades, TimeSpan.FromMilliseconds(pingInterval), TimeSpan.FromMilliseconds(pingTimeout), maxPayload);
    }

    private static string Truncate(string text) => Tusk.Internal.ServerTextPreview.Of(text);
}
