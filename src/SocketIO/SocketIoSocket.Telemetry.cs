using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using Tusk.SocketIO.Diagnostics;

namespace Tusk.SocketIO;

// Metrics and activities of a namespace socket (docs/observability.md). The hot paths call in here only after checking
// Instrument.Enabled or ActivitySource.HasListeners, so nobody listening costs a field read and no allocation.
public partial class SocketIoSocket
{
    /// <summary>Counts one event or acknowledgement sent or received; the event name only when the options opt in.</summary>
    private void CountMessage(Counter<long> counter, string packetType, string? eventName)
    {
        var type = new KeyValuePair<string, object?>(SocketIoTags.PacketType, packetType);
        if (eventName is not null && Manager.Options.MetricsIncludeEventNames)
        {
            counter.Add(1, _namespaceTag, type, new KeyValuePair<string, object?>(SocketIoTags.EventName, eventName));
        }
        else
        {
            counter.Add(1, _namespaceTag, type);
        }
    }

    private Activity? StartConnectActivity()
    {
        var activity = SocketIoActivities.Start(SocketIoActivities.Connect);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag(SocketIoTags.Namespace, Namespace);
            activity.SetTag(SocketIoTags.ServerAddress, Manager.ServerUri.Host);
            activity.SetTag(SocketIoTags.ServerPort, Manager.ServerUri.Port);
        }

        return activity;
    }

    /// <summary>Ends a connect's activity and records its duration: with the transport and protocol it ended on, or with
    /// <c>error.type</c>.</summary>
    private void EndConnectObservation(Activity? activity, long started, Exception? error)
    {
        var session = Manager.CurrentSession;
        var transport = error is null ? session?.TransportName : null;
        if (activity is not null)
        {
            if (error is not null)
            {
                SocketIoTags.SetError(activity, error);
            }
            else if (activity.IsAllDataRequested)
            {
                activity.SetTag(SocketIoTags.Transport, transport);
                activity.SetTag(SocketIoTags.Protocol, SocketIoTags.ProtocolValue(Manager.Protocol));
            }

            activity.Dispose();
        }

        if (started != 0)
        {
            var elapsed = Manager.Options.TimeProvider.GetElapsedTime(started).TotalSeconds;
            var outcome = error is null
                ? new KeyValuePair<string, object?>(SocketIoTags.Transport, transport)
                : new KeyValuePair<string, object?>(SocketIoTags.ErrorType, SocketIoTags.ErrorTypeOf(error));
            Manager.Metrics.ConnectDuration.Record(elapsed, _namespaceTag, outcome);
        }
    }

    private Activity? StartEmitActivity(string eventName, long ackId, int attempt)
    {
        var activity = SocketIoActivities.Start(SocketIoActivities.Emit);
        if (activity is { IsAllDataRequested: true })
        {
            activity.DisplayName = SocketIoActivities.Emit + " " + eventName;
            activity.SetTag(SocketIoTags.Namespace, Namespace);
            activity.SetTag(SocketIoTags.EventName, eventName);
            activity.SetTag(SocketIoTags.AckId, ackId.ToString(CultureInfo.InvariantCulture));
            if (attempt > 1)
            {
                activity.SetTag("socketio.emit.attempt", attempt);
            }
        }

        return activity;
    }

    /// <summary>Ends an emit-with-ack's activity and records the wait for its acknowledgement (and a timeout).</summary>
    private void EndAckObservation(Activity? activity, long started, Exception? error)
    {
        if (activity is not null)
        {
            if (error is not null)
            {
                SocketIoTags.SetError(activity, error);
            }

            activity.Dispose();
        }

        var metrics = Manager.Metrics;
        if (error is SocketIoAckTimeoutException && metrics.AckTimeouts.Enabled)
        {
            metrics.AckTimeouts.Add(1, _namespaceTag);
        }

        if (metrics.AckDuration.Enabled)
        {
            var elapsed = Manager.Options.TimeProvider.GetElapsedTime(started).TotalSeconds;
            if (error is null)
            {
                metrics.AckDuration.Record(elapsed, _namespaceTag);
            }
            else
            {
                metrics.AckDuration.Record(elapsed, _namespaceTag, new KeyValuePair<string, object?>(SocketIoTags.ErrorType, SocketIoTags.ErrorTypeOf(error)));
            }
        }
    }
}
