using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tusk.SocketIO.Tests.Integration;

/// <summary>
/// The default serializer options follow web conventions (camelCase out, case-insensitive in), so plain C# records
/// read and write what JS servers send without attributes.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class JsonCasingTests
{
    [TestCaseSource(typeof(SioTarget), nameof(SioTarget.V4Only))]
    public async Task A_camelCase_object_from_a_js_server_reads_into_a_record(SioTarget target)
    {
        await using var client = target.Client(await target.ServerAsync());
        var socket = client.Of("/ack");
        await socket.ConnectAsync().WaitAsync(SioTarget.Timeout);

        var ack = await socket.EmitWithAckAsync("subscribe", "releases").WaitAsync(SioTarget.Timeout);

        Assert.That(ack.ToString(), Is.EqualTo("[{\"topic\":\"releases\",\"subscribed\":true}]"));
        Assert.That(ack.GetValue<Subscription>(), Is.EqualTo(new Subscription("releases", true)));
    }

    [TestCaseSource(typeof(SioTarget), nameof(SioTarget.V4Only))]
    public async Task A_record_reaches_a_js_server_in_camelCase(SioTarget target)
    {
        await using var client = target.Client(await target.ServerAsync());
        var socket = client.Of("/binary-event");
        await socket.ConnectAsync().WaitAsync(SioTarget.Timeout);

        // The server describes what it received, keys as JS sees them.
        var ack = await socket.EmitWithAckAsync("describe", new Subscription("releases", true)).WaitAsync(SioTarget.Timeout);

        Assert.That(ack.ToString(), Is.EqualTo("[[{\"topic\":\"releases\",\"subscribed\":true}]]"));
    }

    [TestCaseSource(typeof(SioTarget), nameof(SioTarget.V4Only))]
    public async Task A_source_generated_context_with_web_options_reads_the_same_record(SioTarget target)
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web) { TypeInfoResolver = WebJsonContext.Default };
        await using var client = target.Client(await target.ServerAsync(), o => o.JsonSerializerOptions = options);
        var socket = client.Of("/ack");
        await socket.ConnectAsync().WaitAsync(SioTarget.Timeout);

        var subscription = await socket.EmitWithAckAsync("subscribe", ["releases"], WebJsonContext.Default.Subscription).WaitAsync(SioTarget.Timeout);

        Assert.That(subscription, Is.EqualTo(new Subscription("releases", true)));
    }

    public sealed record Subscription(string Topic, bool Subscribed);
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(JsonCasingTests.Subscription))]
internal sealed partial class WebJsonContext : JsonSerializerContext;
