using Microsoft.Extensions.Configuration;
using Tusk.SocketIO;
using Tusk.Transport.WebSocket;

namespace Tusk.Extensions.DependencyInjection;

/// <summary>
/// Reads the data-shaped settings of <see cref="SocketIoClientOptions"/> from a configuration section. Written out by
/// hand instead of using <c>ConfigurationBinder</c>: it stays trimming/AOT-safe without reflection, it replaces lists
/// (the binder appends, which would turn the default ["polling","websocket"] plus ["websocket"] into three entries),
/// and a malformed value fails with the full configuration path in the message.
/// </summary>
/// <remarks>Keys are the option property names, case-insensitive; keys it does not know are ignored, as the binder does.</remarks>
internal static class SocketIoClientOptionsConfiguration
{
    public static void Apply(IConfiguration section, SocketIoClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(section);
        ArgumentNullException.ThrowIfNull(options);
        var reader = new ConfigurationValueReader(section);
        if (reader.ReadString(nameof(options.ServerUri)) is { } serverUri)
        {
            options.ServerUri = reader.ReadUri(nameof(options.ServerUri), serverUri);
        }

        options.Path = reader.ReadString(nameof(options.Path)) ?? options.Path;
        options.Namespace = reader.ReadString(nameof(options.Namespace)) ?? options.Namespace;
        options.Protocol = reader.ReadEnum(nameof(options.Protocol), options.Protocol);
        options.Transports = reader.ReadList(nameof(options.Transports)) ?? options.Transports;
        options.Transport = reader.ReadString(nameof(options.Transport)) ?? options.Transport;
        options.Upgrade = reader.ReadBoolean(nameof(options.Upgrade), options.Upgrade);
        if (reader.ReadDictionary(nameof(options.Auth)) is { } auth)
        {
            options.Auth = auth;
        }

        reader.MergeDictionary(nameof(options.Query), options.Query);
        reader.MergeDictionary(nameof(options.ExtraHeaders), options.ExtraHeaders);
        options.UserAgent = reader.ReadString(nameof(options.UserAgent)) ?? options.UserAgent;
        options.Origin = reader.ReadString(nameof(options.Origin)) ?? options.Origin;
        options.Referer = reader.ReadString(nameof(options.Referer)) ?? options.Referer;
        options.AddCorsHeaders = reader.ReadBoolean(nameof(options.AddCorsHeaders), options.AddCorsHeaders);
        options.KeepAlive = reader.ReadBoolean(nameof(options.KeepAlive), options.KeepAlive);
        options.ConnectTimeout = reader.ReadTimeSpan(nameof(options.ConnectTimeout), options.ConnectTimeout);
        options.RequestTimeout = reader.ReadTimeSpan(nameof(options.RequestTimeout), options.RequestTimeout);
        options.AckTimeout = reader.ReadOptionalTimeSpan(nameof(options.AckTimeout), options.AckTimeout);
        options.Retries = reader.ReadInt32(nameof(options.Retries), options.Retries);
        ApplyReconnection(reader, options);
        options.DangerousAcceptAnyServerCertificate = reader.ReadBoolean(nameof(options.DangerousAcceptAnyServerCertificate), options.DangerousAcceptAnyServerCertificate);
        options.BinaryAsStream = reader.ReadBoolean(nameof(options.BinaryAsStream), options.BinaryAsStream);
        options.ReceiveBufferCapacity = reader.ReadInt32(nameof(options.ReceiveBufferCapacity), options.ReceiveBufferCapacity);
        options.ReceiveBufferMaxBytes = reader.ReadInt64(nameof(options.ReceiveBufferMaxBytes), options.ReceiveBufferMaxBytes);
        options.HandlerQueueMaxBytes = reader.ReadInt64(nameof(options.HandlerQueueMaxBytes), options.HandlerQueueMaxBytes);
        options.MaxReceiveSize = reader.ReadInt64(nameof(options.MaxReceiveSize), options.MaxReceiveSize);
        options.SendBufferCapacity = reader.ReadInt32(nameof(options.SendBufferCapacity), options.SendBufferCapacity);
        options.MaxAttachments = reader.ReadInt32(nameof(options.MaxAttachments), options.MaxAttachments);
        options.EnableCompression = reader.ReadBoolean(nameof(options.EnableCompression), options.EnableCompression);
        options.CompressionThreshold = reader.ReadInt32(nameof(options.CompressionThreshold), options.CompressionThreshold);
        options.MaxFragmentsPerMessage = reader.ReadInt32(nameof(options.MaxFragmentsPerMessage), options.MaxFragmentsPerMessage);
        options.MetricsIncludeEventNames = reader.ReadBoolean(nameof(options.MetricsIncludeEventNames), options.MetricsIncludeEventNames);
        options.PropagateTraceContext = reader.ReadBoolean(nameof(options.PropagateTraceContext), options.PropagateTraceContext);
        options.SocketCompletions = reader.ReadEnum(nameof(options.SocketCompletions), options.SocketCompletions);
        options.InlineAckContinuations = reader.ReadBoolean(nameof(options.InlineAckContinuations), options.InlineAckContinuations);
        if (reader.ReadString(nameof(options.Proxy)) is { } proxy)
        {
            options.Proxy = reader.ReadUri(nameof(options.Proxy), proxy);
        }
    }

    private static void ApplyReconnection(ConfigurationValueReader reader, SocketIoClientOptions options)
    {
        options.Reconnection = reader.ReadBoolean(nameof(options.Reconnection), options.Reconnection);
        options.ReconnectionAttempts = reader.ReadInt32(nameof(options.ReconnectionAttempts), options.ReconnectionAttempts);
        options.ReconnectionDelay = reader.ReadTimeSpan(nameof(options.ReconnectionDelay), options.ReconnectionDelay);
        options.ReconnectionDelayMax = reader.ReadTimeSpan(nameof(options.ReconnectionDelayMax), options.ReconnectionDelayMax);
        options.RandomizationFactor = reader.ReadDouble(nameof(options.RandomizationFactor), options.RandomizationFactor);
    }
}
