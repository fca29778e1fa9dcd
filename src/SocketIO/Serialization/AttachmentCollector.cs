namespace Tusk.SocketIO.Serialization;

/// <summary>
/// Collects the binary values met while serializing one packet's arguments. Serialization is synchronous, so the
/// collector lives in a thread-static slot for the duration of one <see cref="SocketIoJson.SerializeArguments"/> call.
/// </summary>
internal sealed class AttachmentCollector
{
    [ThreadStatic]
    private static AttachmentCollector? s_current;

    private readonly List<ReadOnlyMemory<byte>> _attachments = [];

    public static AttachmentCollector? Current => s_current;

    public IReadOnlyList<ReadOnlyMemory<byte>> Attachments => _attachments;

    public static AttachmentCollector Begin()
    {
        var collector = new AttachmentCollector();
        s_current = collector;
        return collector;
    }

    public static void End() => s_current = null;

    /// <summary>Registers an attachment and returns its placeholder number.</summary>
    public int Add(ReadOnlyMemory<byte> data)
    {
        _attachments.Add(data);
        return _attachments.Count - 1;
    }
}
