using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Tusk.Docs.Tests;

/// <summary>
/// Reaches the host that a program's top-level statements build and run (as <c>WebApplicationFactory</c> does): the
/// hosting library announces each host it builds on the <c>Microsoft.Extensions.Hosting</c> diagnostic listener. The
/// test adds a log capture to it and stops it, so a documented <c>builder.Build().Run()</c> runs as written.
/// </summary>
internal sealed class HostCapture : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
{
    private readonly LogCapture _logs = new();
    private readonly List<IDisposable> _subscriptions = [];
    private readonly TaskCompletionSource<IHost> _host = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _gate = new();

    public HostCapture()
    {
        lock (_gate)
        {
            _subscriptions.Add(DiagnosticListener.AllListeners.Subscribe(this));
        }
    }

    public IReadOnlyCollection<string> Messages => _logs.Messages;

    public Task Logged(string message) => _logs.Logged(message);

    /// <summary>Stops the captured host (its <c>Run()</c> then returns).</summary>
    public void Stop()
    {
        if (!_host.Task.IsCompletedSuccessfully)
        {
            throw new InvalidOperationException("No host was built.");
        }

        _host.Task.Result.Services.GetRequiredService<IHostApplicationLifetime>().StopApplication();
    }

    public void OnNext(DiagnosticListener value)
    {
        if (value.Name == "Microsoft.Extensions.Hosting")
        {
            lock (_gate)
            {
                _subscriptions.Add(value.Subscribe(this));
            }
        }
    }

    public void OnNext(KeyValuePair<string, object?> value)
    {
        switch (value.Key, value.Value)
        {
            case ("HostBuilding", IHostBuilder builder):
                builder.ConfigureServices(services => services.AddLogging(logging => logging.AddProvider(_logs)));
                break;
            case ("HostBuilding", HostApplicationBuilder builder):
                builder.Logging.AddProvider(_logs);
                break;
            case ("HostBuilt", IHost host):
                _host.TrySetResult(host);
                break;
        }
    }

    public void OnCompleted()
    {
    }

    public void OnError(Exception error)
    {
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _subscriptions.ForEach(s => s.Dispose());
            _subscriptions.Clear();
        }
    }
}
