// A Generic Host worker with a named Socket.IO client configured from appsettings.json (see docs/dependency-injection.md).
// Run the sample server first (node samples/server/server.js 3000), then: dotnet run --project samples/WorkerService
// Another server: dotnet run --project samples/WorkerService -- --SocketIo:Sample:ServerUri=http://host:port
// The client's metrics and traces go to the console through the OpenTelemetry SDK (docs/observability.md); the metrics
// are printed when the worker stops.
using Microsoft.Extensions.Diagnostics.HealthChecks;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Tusk.EngineIO;
using Tusk.Extensions.DependencyInjection;
using Tusk.SocketIO;

var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
{
    Args = args,
    ContentRootPath = AppContext.BaseDirectory, // appsettings.json is copied next to the program
});

builder.Services.AddSocketIoClient("sample")
    .BindConfiguration("SocketIo:Sample")
    .ConfigureClient((services, client) =>
    {
        // Runs once, before the client connects: handlers registered here miss nothing.
        var logger = services.GetRequiredService<ILogger<Program>>();
        client.On("hello", e => logger.LogInformation("the server says {Event}", e.Name));
        client.Disconnected += (_, e) => logger.LogWarning("disconnected: {Reason}", e.Reason.ToJsReason());
    })
    .ConnectOnStart() // before the worker: hosted services start in registration order
    .AddHealthCheck();

builder.Services.AddOpenTelemetry()
    .WithMetrics(metrics => metrics
        .AddMeter(SocketIoDiagnostics.MeterName, EngineIoDiagnostics.MeterName)
        .AddConsoleExporter())
    .WithTracing(tracing => tracing
        .AddSource(SocketIoDiagnostics.ActivitySourceName, EngineIoDiagnostics.ActivitySourceName)
        .AddConsoleExporter());

builder.Services.AddHostedService<EchoWorker>();
await builder.Build().RunAsync();

internal sealed class EchoWorker(
    ISocketIoClientFactory clients, HealthCheckService health, IHostApplicationLifetime lifetime, ILogger<EchoWorker> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var client = clients.GetClient("sample"); // already connected by ConnectOnStart
        logger.LogInformation("connected to {Server} over {Transport}", client.ServerUri, client.TransportName);
        for (var i = 1; i <= 3; i++)
        {
            var echo = await client.EmitWithAckAsync<string>("echo", [$"message {i}"], stoppingToken);
            logger.LogInformation("acknowledged: {Echo}", echo);
        }

        var report = await health.CheckHealthAsync(stoppingToken); // AddHealthCheck: "socketio-sample"
        logger.LogInformation("health: {Status} ({Description})", report.Status, report.Entries["socketio-sample"].Description);

        lifetime.StopApplication(); // a real worker would keep running; the sample ends after its three messages
    }
}
