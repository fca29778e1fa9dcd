using Tusk.Testing;

namespace Tusk.Cli.Tests;

/// <summary>Stops the Node servers shared by this assembly's tests once all of them have run.</summary>
[SetUpFixture]
public sealed class SharedTestServers
{
    [OneTimeTearDown]
    public Task StopSharedServersAsync() => TestServers.DisposeAllAsync();
}
