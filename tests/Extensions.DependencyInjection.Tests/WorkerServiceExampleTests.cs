using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Tusk.SocketIO;

namespace Tusk.Extensions.DependencyInjection.Tests;

/// <summary>The worker service of docs/dependency-injection.md, run against a real server.</summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class WorkerServiceExampleTests
{
    [Test]
    public async Task WorkerWithANamedClientFromAppSettings_TalksToTheServer()
    {
        var server = await Servers.DefaultAsync();
        var appSettings = $$"""
            {
              "SocketIo": {
                "Chat": {
                  "ServerUri": "{{server.HttpUri}}",
                  "Transports": [ "websocket", "polling" ],
                  "ConnectTimeout": "00:00:10",
                  "AckTimeout": "00:00:10",
                  "ReconnectionDelayMax": "00:00:02"
                }
              }
            }
            """;
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(appSettings)));
        builder.Services.AddSingleton<WorkerResults>();
        builder.Services.AddSocketIoClient("chat")
            .BindConfiguration("SocketIo:Chat")
            .ConfigureClient((services, client) =>
                client.On("echo", e => services.GetRequiredService<WorkerResults>().Echoed.TrySetResult(e.GetValue<string>())))
            .ConnectOnStart();
        builder.Services.AddHostedService<ChatWorker>();
        using var host = builder.Build();
        var results = host.Services.GetRequiredService<WorkerResults>();

        await host.StartAsync().WaitAsync(Servers.Timeout);
        var acked = await results.Acked.Task.WaitAsync(Servers.Timeout);
        var echoed = await results.Echoed.Task.WaitAsync(Servers.Timeout);
        var transport = host.Services.GetRequiredService<ISocketIoClientFactory>().GetClient("chat").TransportName;
        await host.StopAsync().WaitAsync(Servers.Timeout);

        Assert.That(acked, Is.EqualTo("hello from the worker"));
        Assert.That(echoed, Is.EqualTo("hello from the worker"));
        Assert.That(transport, Is.EqualTo("websocket"));
    }

    public sealed class WorkerResults
    {
        public TaskCompletionSource<string> Acked { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource<string> Echoed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>Started after the ConnectOnStart service, so the client is connected when it runs.</summary>
    public sealed class ChatWorker(ISocketIoClientFactory factory, WorkerResults results) : BackgroundService
    {
        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            SocketIoClient chat = factory.GetClient("chat");
            var reply = await chat.EmitWithAckAsync<string>("echo", ["hello from the worker"], stoppingToken);
            results.Acked.TrySetResult(reply);
        }
    }
}
