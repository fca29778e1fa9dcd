using Microsoft.Extensions.Configuration;
using Tusk.EngineIO;
using Tusk.SocketIO.Sessions;

namespace Tusk.SocketIO.Tests.Unit;

public class OptionsBindingTests
{
    [Test]
    public void Options_BindFromConfiguration()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ServerUri"] = "https://example.com/prefix",
            ["Path"] = "/my.io",
            ["Protocol"] = "V4",
            ["Transports:0"] = "websocket",
            ["Transport"] = "websocket",
            ["AckTimeout"] = "00:00:05",
            ["Retries"] = "2",
            ["ReconnectionDelayMax"] = "00:00:10",
            ["RandomizationFactor"] = "0.25",
            ["ExtraHeaders:Authorization"] = "Bearer x",
            ["Query:token"] = "abc",
            ["KeepAlive"] = "false",
            ["BinaryAsStream"] = "true",
        }).Build();

        var options = configuration.Get<SocketIoClientOptions>()!;

        Assert.Multiple(() =>
        {
            Assert.That(options.ServerUri, Is.EqualTo(new Uri("https://example.com/prefix")));
            Assert.That(options.Protocol, Is.EqualTo(SocketIoProtocol.V4));
            Assert.That(options.Transports, Is.EqualTo(new[] { "websocket" }), "binding replaces the (empty) default");
            Assert.That(options.AckTimeout, Is.EqualTo(TimeSpan.FromSeconds(5)));
            Assert.That(options.Retries, Is.EqualTo(2));
            Assert.That(options.ReconnectionDelayMax, Is.EqualTo(TimeSpan.FromSeconds(10)));
            Assert.That(options.RandomizationFactor, Is.EqualTo(0.25));
            Assert.That(options.ExtraHeaders["Authorization"], Is.EqualTo("Bearer x"));
            Assert.That(options.KeepAlive, Is.False);
            Assert.That(options.BinaryAsStream, Is.True);
        });
    }

    [Test]
    public void EngineOptions_CombineUrlPrefixPathQueryAndTransports()
    {
        var options = new SocketIoClientOptions
        {
            Path = "my.io",
            Transports = ["polling", "websocket", "websocket"],
            Transport = "websocket",
            Query = new Dictionary<string, string> { ["b"] = "2" },
            AddCorsHeaders = true,
        };
        var server = new Uri("http://127.0.0.1:14000/my?a=1");

        var engine = EngineIoSessionFactory.CreateEngineOptions(server, options);

        Assert.Multiple(() =>
        {
            Assert.That(engine.Path, Is.EqualTo("/my/my.io"));
            Assert.That(engine.Transports, Is.EqualTo(new[] { "websocket", "polling" }));
            Assert.That(engine.Version, Is.EqualTo(EngineIoVersion.Auto), "Auto leaves revision detection to the Engine.IO layer");
            Assert.That(engine.Query, Is.EquivalentTo(new Dictionary<string, string> { ["a"] = "1", ["b"] = "2" }));
            Assert.That(engine.Connection.Origin, Is.EqualTo("http://127.0.0.1:14000"));
            Assert.That(engine.Connection.Referer, Is.EqualTo("http://127.0.0.1:14000/my?a=1"));
            Assert.That(EngineIoSessionFactory.EngineUri(server), Is.EqualTo(new Uri("http://127.0.0.1:14000/")));
        });
    }
}
