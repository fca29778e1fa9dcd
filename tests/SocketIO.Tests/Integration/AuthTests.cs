namespace Tusk.SocketIO.Tests.Integration;

[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class AuthTests
{
    private static readonly Dictionary<string, string> PeterHeaders = new()
    {
        ["X-My-Header"] = "websocket rocks",
        ["Authorization"] = "Bearer this_is_peter_token",
        ["User"] = "peter",
    };

    [TestCaseSource(typeof(SioTarget), nameof(SioTarget.V3Plus))]
    public async Task HandshakeAuth_Accepted_EchoesMessages(SioTarget target)
    {
        await using var client = target.Client(await target.ServerAsync(), o => o.Auth = new { user = "random@example.com", token = "my-secret-token" });
        var socket = client.Of("/handshake-auth");
        await socket.ConnectAsync().WaitAsync(SioTarget.Timeout);

        await socket.EmitAsync("echo", new { message = "Hello!" });
        var echo = await socket.WaitAsync("echo", SioTarget.Timeout);

        Assert.That(echo?.GetJson(0).GetProperty("message").GetString(), Is.EqualTo("Hello!"));
    }

    [TestCaseSource(typeof(SioTarget), nameof(SioTarget.V3Plus))]
    public async Task HandshakeAuth_Rejected_ThrowsWithTheServerMessage(SioTarget target)
    {
        await using var client = target.Client(await target.ServerAsync(), o => o.Auth = new { user = "random@example.com", password = "my-secret-password" });
        var socket = client.Of("/handshake-auth");

        var exception = Assert.ThrowsAsync<SocketIoConnectException>(() => socket.ConnectAsync().WaitAsync(SioTarget.Timeout));

        Assert.That(exception!.ServerMessage, Is.EqualTo("missing auth from the handshake"));
    }

    [TestCaseSource(typeof(SioTarget), nameof(SioTarget.V3Plus))]
    public async Task HandshakeAuth_ProviderIsEvaluatedForEveryConnect(SioTarget target)
    {
        var calls = 0;
        await using var client = target.Client(await target.ServerAsync(), o => o.AuthProvider = _ =>
        {
            var call = Interlocked.Increment(ref calls);
            return ValueTask.FromResult<object?>(new { user = "random@example.com", token = "my-secret-token", call });
        });
        var socket = client.Of("/handshake-auth");

        await socket.ConnectAsync().WaitAsync(SioTarget.Timeout);
        var auth = await socket.EmitWithAckAsync("auth").WaitAsync(SioTarget.Timeout);
        await socket.DisconnectAsync().WaitAsync(SioTarget.Timeout);
        await socket.ConnectAsync().WaitAsync(SioTarget.Timeout);
        var second = await socket.EmitWithAckAsync("auth").WaitAsync(SioTarget.Timeout);

        Assert.That(auth.GetJson(0).GetProperty("call").GetInt32(), Is.EqualTo(1));
        Assert.That(second.GetJson(0).GetProperty("call").GetInt32(), Is.EqualTo(2));
    }

    [TestCaseSource(typeof(SioTarget), nameof(SioTarget.V3Plus))]
    public async Task HandshakeAuth_ProviderIsEvaluatedAgainOnAutomaticReconnection(SioTarget target)
    {
        var calls = 0;
        await using var client = target.Client(await target.ServerAsync(), o => o.AuthProvider = async cancellationToken =>
        {
            await Task.Yield();
            var call = Interlocked.Increment(ref calls);
            return new { user = "random@example.com", token = "my-secret-token", call };
        });
        var socket = client.Of("/handshake-auth");
        var connects = 0;
        var reconnected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        socket.Connected += (_, _) =>
        {
            if (Interlocked.Increment(ref connects) == 2)
            {
                reconnected.TrySetResult();
            }
        };
        await socket.ConnectAsync().WaitAsync(SioTarget.Timeout);

        await socket.EmitAsync("drop-transport");
        await reconnected.Task.WaitAsync(SioTarget.Timeout);
        var auth = await socket.EmitWithAckAsync("auth").WaitAsync(SioTarget.Timeout);

        Assert.That(auth.GetJson(0).GetProperty("call").GetInt32(), Is.EqualTo(2));
    }

    [TestCaseSource(typeof(SioTarget), nameof(SioTarget.V3Plus))]
    public async Task NamespaceAuth_IsSentToThatNamespaceOnly_AndTheOthersKeepTheClientWideAuth(SioTarget target)
    {
        await using var client = target.Client(await target.ServerAsync(), o => o.Auth = new { user = "random@example.com", token = "my-secret-token" });
        var handshakeAuth = client.Of("/handshake-auth");
        var admin = client.Of("/admin-auth", new { role = "admin" });

        await Task.WhenAll(handshakeAuth.ConnectAsync(), admin.ConnectAsync()).WaitAsync(SioTarget.Timeout);
        var adminSeen = await admin.EmitWithAckAsync("auth").WaitAsync(SioTarget.Timeout);
        var otherSeen = await handshakeAuth.EmitWithAckAsync("auth").WaitAsync(SioTarget.Timeout);

        Assert.That(adminSeen.GetJson(0).GetRawText(), Is.EqualTo("{\"role\":\"admin\"}"));
        Assert.That(otherSeen.GetJson(0).GetProperty("token").GetString(), Is.EqualTo("my-secret-token"));
        Assert.That(client.Of("/admin-auth"), Is.SameAs(admin));
    }

    [TestCaseSource(typeof(SioTarget), nameof(SioTarget.V3Plus))]
    public async Task NamespaceAuth_RefusedByTheNamespaceMiddleware_ThrowsWithItsMessage(SioTarget target)
    {
        await using var client = target.Client(await target.ServerAsync(), o => o.Auth = new { role = "admin" });
        var admin = client.Of("/admin-auth", new { role = "guest" });

        var exception = Assert.ThrowsAsync<SocketIoConnectException>(() => admin.ConnectAsync().WaitAsync(SioTarget.Timeout));

        Assert.That(exception!.ServerMessage, Is.EqualTo("admins only"), "the namespace's own auth replaced the client-wide one");
    }

    [TestCaseSource(typeof(SioTarget), nameof(SioTarget.V3Plus))]
    public async Task NamespaceAuthProvider_RunsForEveryConnectOfThatNamespace_ReconnectionIncluded(SioTarget target)
    {
        var clientWideCalls = 0;
        var namespaceCalls = 0;
        await using var client = target.Client(await target.ServerAsync(), o => o.AuthProvider = _ =>
        {
            Interlocked.Increment(ref clientWideCalls);
            return ValueTask.FromResult<object?>(new { user = "random@example.com", token = "my-secret-token" });
        });
        var admin = client.Of("/admin-auth", async cancellationToken =>
        {
            await Task.Yield();
            return new { role = "admin", call = Interlocked.Increment(ref namespaceCalls) };
        });
        var connects = 0;
        var reconnected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        admin.Connected += (_, _) =>
        {
            if (Interlocked.Increment(ref connects) == 3)
            {
                reconnected.TrySetResult();
            }
        };

        await admin.ConnectAsync().WaitAsync(SioTarget.Timeout);
        var first = await admin.EmitWithAckAsync("auth").WaitAsync(SioTarget.Timeout);
        await admin.DisconnectAsync().WaitAsync(SioTarget.Timeout);
        await admin.ConnectAsync().WaitAsync(SioTarget.Timeout);
        var second = await admin.EmitWithAckAsync("auth").WaitAsync(SioTarget.Timeout);
        await client.Of("/lifecycle").ConnectAsync().WaitAsync(SioTarget.Timeout);
        await client.Of("/lifecycle").EmitAsync("drop-transport");
        await reconnected.Task.WaitAsync(SioTarget.Timeout);
        var third = await admin.EmitWithAckAsync("auth").WaitAsync(SioTarget.Timeout);

        Assert.That(first.GetJson(0).GetProperty("call").GetInt32(), Is.EqualTo(1));
        Assert.That(second.GetJson(0).GetProperty("call").GetInt32(), Is.EqualTo(2));
        Assert.That(third.GetJson(0).GetProperty("call").GetInt32(), Is.EqualTo(3));
        Assert.That(Volatile.Read(ref clientWideCalls), Is.EqualTo(2), "only /lifecycle used the client-wide provider (connect and rejoin)");
    }

    [TestCaseSource(typeof(SioTarget), nameof(SioTarget.All))]
    public async Task NamespaceAuth_OnAServerWithoutConnectPayloads_ThrowsInsteadOfConnectingWithoutIt(SioTarget target)
    {
        if (target.Version >= 3)
        {
            // socket.io 3.x/4.x carry the payload; the tests above cover them. Here: 1.x/2.x, and 4.x reached as v4.
            var server = await Tusk.Testing.TestServers.GetSharedAsync(target.Module, new { allowEIO3 = true });
            await using var v4Client = target.Client(server, o => o.Protocol = SocketIoProtocol.V4);
            await AssertRefusedAsync(v4Client);
            return;
        }

        await using var client = target.Client(await target.ServerAsync());
        await AssertRefusedAsync(client);

        static async Task AssertRefusedAsync(SocketIoClient client)
        {
            var basic = client.Of("/basic", new { token = "secret" });
            var plain = client.Of("/admin", (object?)null);

            var exception = Assert.ThrowsAsync<NotSupportedException>(() => basic.ConnectAsync().WaitAsync(SioTarget.Timeout));
            await plain.ConnectAsync().WaitAsync(SioTarget.Timeout);

            Assert.That(exception!.Message, Does.Contain("socket.io 1.x/2.x").And.Contain("SocketIoClientOptions.Query"));
            Assert.That(exception.Message, Does.Not.Contain("secret"));
            Assert.That(basic.IsActive, Is.False);
            Assert.That(plain.IsConnected, Is.True, "a namespace whose own auth is null has nothing to lose");
        }
    }

    [TestCaseSource(typeof(SioTarget), nameof(SioTarget.All))]
    public async Task HeaderAuth_RemembersTheUserAcrossConnections(SioTarget target)
    {
        var server = await target.ServerAsync();
        await using (var first = target.Client(server, o => o.ExtraHeaders = new Dictionary<string, string>(PeterHeaders)))
        {
            var socket = first.Of("/header-auth");
            await socket.ConnectAsync().WaitAsync(SioTarget.Timeout);
            await socket.EmitAsync("message", new { message = "How are you?", token = "this_is_peter_token" });
            var reply = await socket.WaitAsync("message", SioTarget.Timeout);
            Assert.That(reply?.GetValue<string>(), Is.EqualTo("I am fine, peter"));
        }

        await using var second = target.Client(server, o => o.ExtraHeaders = new Dictionary<string, string>(PeterHeaders));
        var again = second.Of("/header-auth");
        await again.ConnectAsync().WaitAsync(SioTarget.Timeout);
        await again.EmitAsync("message", new { message = "Do you remember me?", token = "this_is_peter_token" });
        var remembered = await again.WaitAsync("message", SioTarget.Timeout);
        await again.EmitAsync("message", new { message = "Do you remember me?", token = "this_is_invalid_peter_token" });
        var forgotten = await again.WaitAsync("message", SioTarget.Timeout);

        Assert.That(remembered?.GetValue<string>(), Is.EqualTo("I remember you, peter"));
        Assert.That(forgotten?.GetValue<string>(), Is.EqualTo("Sorry. I don't remember you."));
    }

    [TestCaseSource(typeof(SioTarget), nameof(SioTarget.All))]
    public async Task HeaderAuth_MissingHeader_IsRejected(SioTarget target)
    {
        await using var client = target.Client(await target.ServerAsync());
        var socket = client.Of("/header-auth");

        var exception = Assert.ThrowsAsync<SocketIoConnectException>(() => socket.ConnectAsync().WaitAsync(SioTarget.Timeout));

        Assert.That(exception!.ServerMessage, Is.EqualTo("no authorization header"));
    }

    [TestCaseSource(typeof(SioTarget), nameof(SioTarget.All))]
    public async Task Headers_UserAgentAndCors_ReachTheServer(SioTarget target)
    {
        var server = await target.ServerAsync();
        await using var client = target.Client(server, o =>
        {
            o.ExtraHeaders = new Dictionary<string, string>(PeterHeaders);
            o.UserAgent = "Tusk-Test/1.0";
            o.AddCorsHeaders = true;
        });
        var socket = client.Of("/header-auth");
        await socket.ConnectAsync().WaitAsync(SioTarget.Timeout);

        var headers = await socket.EmitWithAckAsync("headers").WaitAsync(SioTarget.Timeout);

        var seen = headers.GetJson(0);
        Assert.That(seen.GetProperty("x-my-header").GetString(), Is.EqualTo("websocket rocks"));
        Assert.That(seen.GetProperty("user-agent").GetString(), Is.EqualTo("Tusk-Test/1.0"));
        Assert.That(seen.GetProperty("origin").GetString(), Is.EqualTo($"http://127.0.0.1:{server.Port}"));
    }
}
