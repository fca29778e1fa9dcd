using Tusk.Testing;

namespace Tusk.SocketIO.Tests.TestServerInfrastructure;

/// <summary>Tests of the Tusk.Testing support library itself: starting, reporting and stopping Node servers.</summary>
[TestFixture]
[Parallelizable(ParallelScope.Fixtures)]
public sealed class NodeServerTests
{
    [Test]
    public async Task StartAsync_ReportsWhereTheServerListens_AndDisposeStopsIt()
    {
        using var http = LoopbackHttp.CreateClient();
        var server = await NodeServer.StartAsync("sio-v4", new { pingInterval = 4321 });
        var probe = new Uri(server.HttpUri, "socket.io/?EIO=4&transport=polling");
        try
        {
            Assert.Multiple(() =>
            {
                Assert.That(server.HttpUri, Is.EqualTo(new Uri($"http://127.0.0.1:{server.Port}/")));
                Assert.That(server.Extra.GetProperty("port").GetInt32(), Is.EqualTo(server.Port));
                Assert.That(server.Extra.GetProperty("version").GetString(), Does.StartWith("4.8."));
            });
            Assert.That(await http.GetStringAsync(probe), Does.Contain("\"pingInterval\":4321"));
        }
        finally
        {
            await server.DisposeAsync();
        }

        Assert.ThrowsAsync<HttpRequestException>(() => http.GetStringAsync(probe));
    }

    [TestCase("no-such-module", "Cannot find module")]
    [TestCase("../index", "usage: node index.js")]
    public void StartAsync_ServerThatCannotStart_ThrowsWithItsStandardError(string module, string expectedError)
    {
        var exception = Assert.ThrowsAsync<NodeServerException>(() => NodeServer.StartAsync(module));

        Assert.That(exception.Message, Does.Contain($"'{module}'").And.Contain("exited with code 1").And.Contain(expectedError));
    }

    [Test]
    public void StartAsync_OptionsThatAreNotAnObject_AreRejected()
    {
        Assert.ThrowsAsync<ArgumentException>(() => NodeServer.StartAsync("sio-v4", new[] { 1, 2 }));
    }

    [Test]
    public async Task GetSharedAsync_SameModuleAndOptions_ShareOneServer()
    {
        var options = new { pingInterval = 2468 };
        var concurrent = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => TestServers.GetSharedAsync("sio-v3", options)));
        var other = await TestServers.GetSharedAsync("sio-v3", new { pingInterval = 1357 });

        Assert.Multiple(() =>
        {
            Assert.That(concurrent.Distinct(), Has.Exactly(1).Items);
            Assert.That(other, Is.Not.SameAs(concurrent[0]));
            Assert.That(other.Port, Is.Not.EqualTo(concurrent[0].Port));
        });
    }

    [Test]
    public async Task GetSharedAsync_OptionSetsOfAllModules_RunInOneProcess_EachOnItsOwnPortWithItsOwnOptions()
    {
        using var http = LoopbackHttp.CreateClient();
        var first = await TestServers.GetSharedAsync("sio-v3", new { pingInterval = 3141 });
        var second = await TestServers.GetSharedAsync("sio-v3", new { pingInterval = 2718 });
        var otherModule = await TestServers.GetSharedAsync("sio-v1", new { pingInterval = 1414 });

        Assert.Multiple(() =>
        {
            Assert.That(second.ProcessId, Is.EqualTo(first.ProcessId), "one host process for the test servers");
            Assert.That(otherModule.ProcessId, Is.EqualTo(first.ProcessId), "one host process for every module");
            Assert.That(new[] { first.Port, second.Port, otherModule.Port }, Is.Unique);
            Assert.That(first.HasExited, Is.False);
            Assert.That(otherModule.Extra.GetProperty("version").GetString(), Does.StartWith("1.7."));
        });
        Assert.That(await http.GetStringAsync(new Uri(first.HttpUri, "socket.io/?EIO=4&transport=polling")), Does.Contain("\"pingInterval\":3141"));
        Assert.That(await http.GetStringAsync(new Uri(second.HttpUri, "socket.io/?EIO=4&transport=polling")), Does.Contain("\"pingInterval\":2718"));
        Assert.That(await http.GetStringAsync(new Uri(otherModule.HttpUri, "socket.io/?EIO=3&transport=polling")), Does.Contain("\"pingInterval\":1414"));
    }

    [TestCase("no-such-module", "Cannot find module")]
    [TestCase("../index", "usage: node index.js")]
    public async Task GetSharedAsync_ModuleThatCannotStart_ThrowsWithItsStandardError_AndTheOtherServersKeepRunning(string module, string expectedError)
    {
        using var http = LoopbackHttp.CreateClient();
        var running = await TestServers.GetSharedAsync("sio-v3", new { pingInterval = 1732 });

        var exception = Assert.ThrowsAsync<NodeServerException>(() => TestServers.GetSharedAsync(module));

        Assert.That(exception.Message, Does.Contain($"'{module}' could not start").And.Contain(expectedError));
        Assert.That(running.HasExited, Is.False);
        Assert.That(await http.GetStringAsync(new Uri(running.HttpUri, "socket.io/?EIO=4&transport=polling")), Does.Contain("\"pingInterval\":1732"));
    }

    [Test]
    public void GetSharedAsync_OptionsTheModuleRefuses_ThrowWithTheError_AndTheModulesOtherServersKeepRunning()
    {
        // sio-v2 passes serverOptions to socket.io verbatim; a path that is not a string makes its start throw.
        var exception = Assert.ThrowsAsync<NodeServerException>(() => TestServers.GetSharedAsync("sio-v2", new { serverOptions = new { path = 42 } }));

        Assert.That(exception.Message, Does.Contain("'sio-v2' could not start"));
        Assert.That(async () => await TestServers.GetSharedAsync("sio-v2", new { pingInterval = 1618 }), Throws.Nothing);
    }
}
