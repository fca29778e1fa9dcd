using System.Text.Json;

namespace Tusk.Transport.Polling;

/// <summary>Reads the JSON error body servers send with HTTP errors, e.g. <c>{"code":1,"message":"Session ID unknown"}</c>.</summary>
internal static class ServerError
{
    public static bool TryParse(ReadOnlySpan<byte> body, out int? code, out string? message)
    {
        code = null;
        message = null;
        try
        {
            var reader = new Utf8JsonReader(body);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isCode = reader.ValueTextEquals("code"u8);
                var isMessage = reader.ValueTextEquals("message"u8);
                if (!reader.Read())
                {
                    return false;
                }

                if (isCode && reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var number))
                {
                    code = number;
                }
                else if (isMessage && reader.TokenType == JsonTokenType.String)
                {
                    message = reader.GetString();
                }
                else
                {
                    reader.Skip();
                }
            }

            return code is not null || message is not null;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
