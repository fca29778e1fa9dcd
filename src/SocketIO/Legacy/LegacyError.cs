namespace Tusk.SocketIO.Legacy;

/// <summary>The data of a 0.9 error packet: <c>reason[+advice]</c>, both indexes into fixed tables.</summary>
internal sealed record LegacyError(string Reason, string? Advice)
{
    private static readonly string[] Reasons = ["transport not supported", "client not handshaken", "unauthorized"];
    private static readonly string[] Advices = ["reconnect"];

    public bool AdvisesReconnect => Advice == Advices[0];

    public static LegacyError Parse(string? data)
    {
        var parts = (data ?? string.Empty).Split('+', 2);
        return new LegacyError(Lookup(Reasons, parts[0]) ?? "error", parts.Length > 1 ? Lookup(Advices, parts[1]) : null);
    }

    public override string ToString() => Advice is null ? Reason : $"{Reason} (advice: {Advice})";

    private static string? Lookup(string[] table, string index) =>
        int.TryParse(index, out var value) && value >= 0 && value < table.Length ? table[value] : null;
}
