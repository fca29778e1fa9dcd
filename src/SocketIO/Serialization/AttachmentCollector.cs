namespace Tusk.SocketIO.Serialization;

/// <summary>
/// Collects the binary values met while serializing one packet's arguments. Serialization is synchronous, so the
/// collector lives in a thread-static slot for the duration of one <see cref="SocketIoJson.SerializeArguments"/> call.
/// The collector object is reused per thread and its list is created only when a packet has attachments, so an emit
/// without binary allocates nothing here.
/// </summary>
internal sealed class AttachmentCollector
{
    [ThreadStatic]
    private static AttachmentCollector? s_current;

    [ThreadStatic]
    private static AttachmentCollector? s_spare;

    private List<ReadOnlyMemory<byte>>? _attachments;

    public static AttachmentCollector? Current => s_current;

    /// <summary>The attachments collected so far; the list is handed over, a reused collector starts a new one.</summary>
    public IReadOnlyList<ReadOnlyMemory<byte>> Attachments => (IReadOnlyList<ReadOnlyMemory<byte>>?)_attachments ?? [];

    public static AttachmentCollector Begin()
    {
        var collector = s_spare ?? new AttachmentCollector();
        s_spare = null;
        collector._attachments = null;
        s_current = collector;
        return collector;
    }

    public static void End(AttachmentCollector collector)
    {
        s_current = null;
        collector._attachments = null;
        s_spare = collector;
    }

    /// <summary>Registers an attachment and returns its placeholder number.</summary>
    public int Add(ReadOnlyMemory<byte> data)
    {
        (_attachments ??= []).Add(data);
        return _attachments.Count - 1;
    }
}
