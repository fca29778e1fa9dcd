using System.Diagnostics.Tracing;

namespace Tusk.Benchmarks.EndToEnd.Workers;

/// <summary>In-process allocation profile: the runtime's allocation-tick events (one per ~100 KB allocated) grouped
/// by type, which is enough to see which objects a hot loop allocates without any external tool.</summary>
internal sealed class AllocationSampler : EventListener
{
    private const EventKeywords GcKeyword = (EventKeywords)0x1;
    private readonly Dictionary<string, long> _bytesByType = new(StringComparer.Ordinal);
    private bool _recording;

    public void Start()
    {
        lock (_bytesByType)
        {
            _bytesByType.Clear();
            _recording = true;
        }
    }

    public IReadOnlyList<KeyValuePair<string, long>> Stop()
    {
        lock (_bytesByType)
        {
            _recording = false;
            return [.. _bytesByType.OrderByDescending(p => p.Value)];
        }
    }

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(eventSource, EventLevel.Verbose, GcKeyword);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (eventData.EventName?.StartsWith("GCAllocationTick", StringComparison.Ordinal) != true || eventData.PayloadNames is null)
        {
            return;
        }

        var typeIndex = eventData.PayloadNames.IndexOf("TypeName");
        var amountIndex = eventData.PayloadNames.IndexOf("AllocationAmount64");
        if (typeIndex < 0 || amountIndex < 0)
        {
            return;
        }

        var type = eventData.Payload![typeIndex] as string ?? "?";
        var amount = Convert.ToInt64(eventData.Payload[amountIndex], System.Globalization.CultureInfo.InvariantCulture);
        lock (_bytesByType)
        {
            if (_recording)
            {
                _bytesByType[type] = _bytesByType.GetValueOrDefault(type) + amount;
            }
        }
    }
}
