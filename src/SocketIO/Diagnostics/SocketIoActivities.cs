using System.Diagnostics;

namespace Tusk.SocketIO.Diagnostics;

/// <summary>The Socket.IO layer's activity source and the names of its activities.</summary>
internal static class SocketIoActivities
{
    public const string Connect = "socketio.connect";
    public const string Reconnect = "socketio.reconnect";
    public const string Emit = "socketio.emit";

    public static readonly ActivitySource Source = new(
        SocketIoDiagnostics.ActivitySourceName, typeof(SocketIoActivities).Assembly.GetName().Version?.ToString());

    /// <summary>Starts a client activity when anyone listens (no work otherwise).</summary>
    public static Activity? Start(string name) => Source.HasListeners() ? Source.StartActivity(name, ActivityKind.Client) : null;

    /// <summary>
    /// Runs <paramref name="start"/> without the current activity, so that a loop it starts (which lives as long as the
    /// connection) does not hold on to the activity that opened it nor make later activities its children.
    /// </summary>
    public static T WithoutCurrentActivity<T>(Func<T> start)
    {
        var current = Activity.Current;
        if (current is null)
        {
            return start();
        }

        Activity.Current = null;
        try
        {
            return start();
        }
        finally
        {
            Activity.Current = current;
        }
    }
}
