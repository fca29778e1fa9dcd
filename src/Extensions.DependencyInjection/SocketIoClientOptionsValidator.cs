using System.Globalization;
using Microsoft.Extensions.Options;
using Tusk.EngineIO.Transports;
using Tusk.Internal;
using Tusk.SocketIO;

namespace Tusk.Extensions.DependencyInjection;

/// <summary>
/// Checks the options of every registered named client, so that a wrong URL, timeout or transport list in
/// configuration stops the application at start (<c>ValidateOnStart</c>) with a message naming the client and the
/// setting, instead of surfacing as a connection failure later.
/// </summary>
internal sealed class SocketIoClientOptionsValidator(SocketIoClientRegistry registry, IOptionsMonitor<SocketIoClientFactoryOptions> factoryOptions)
    : IValidateOptions<SocketIoClientOptions>
{
    private static readonly string[] s_serverSchemes = ["http", "https", "ws", "wss"];
    private static readonly string[] s_builtInTransports = [EngineIoTransportNames.Polling, EngineIoTransportNames.WebSocket];

    /// <summary>
    /// The longest timeout accepted: int.MaxValue ms (about 24.8 days), the range of the HTTP handler's connect timeout
    /// and of the ack timers; longer values make the client throw when it first uses them.
    /// </summary>
    internal static readonly TimeSpan MaxTimeout = TimeSpan.FromMilliseconds(int.MaxValue);

    public ValidateOptionsResult Validate(string? name, SocketIoClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        name ??= Options.DefaultName;
        if (!registry.Contains(name))
        {
            return ValidateOptionsResult.Skip;
        }

        var failures = new List<string>();
        var prefix = $"Socket.IO client '{name}': ";
        ValidateServerUri(options.ServerUri, prefix, failures);
        if (string.IsNullOrWhiteSpace(options.Path))
        {
            failures.Add(prefix + "Path must not be empty (the default is \"/socket.io\").");
        }

        if (string.IsNullOrWhiteSpace(options.Namespace))
        {
            failures.Add(prefix + "Namespace must not be empty (the default is \"/\").");
        }

        ValidateTransports(options, factoryOptions.Get(name), prefix, failures);
        RequireFiniteTimeout(options.ConnectTimeout, nameof(options.ConnectTimeout), prefix, failures);
        RequireFiniteTimeout(options.RequestTimeout, nameof(options.RequestTimeout), prefix, failures);
        if (options.AckTimeout is { } ackTimeout)
        {
            RequireTimeout(ackTimeout, nameof(options.AckTimeout), prefix, failures);
        }

        ValidateReconnection(options, prefix, failures);
        RequireNotNegative(options.Retries, nameof(options.Retries), prefix, failures);
        RequireNotNegative(options.ReceiveBufferCapacity, nameof(options.ReceiveBufferCapacity), prefix, failures);
        RequireNotNegative(options.SendBufferCapacity, nameof(options.SendBufferCapacity), prefix, failures);
        RequireNotNegative(options.MaxAttachments, nameof(options.MaxAttachments), prefix, failures);
        RequirePositive(options.ReceiveBufferMaxBytes, nameof(options.ReceiveBufferMaxBytes), prefix, failures);
        RequirePositive(options.HandlerQueueMaxBytes, nameof(options.HandlerQueueMaxBytes), prefix, failures);
        RequirePositive(options.MaxReceiveSize, nameof(options.MaxReceiveSize), prefix, failures);
        ValidateHeaders(options, prefix, failures);
        RequireNotNegative(options.CompressionThreshold, nameof(options.CompressionThreshold), prefix, failures);
        if (options.MaxFragmentsPerMessage <= 0)
        {
            failures.Add(prefix + $"MaxFragmentsPerMessage must be positive; got {options.MaxFragmentsPerMessage.ToString(CultureInfo.InvariantCulture)}.");
        }
        ValidateProxy(options.Proxy, prefix, failures);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void ValidateServerUri(Uri? serverUri, string prefix, List<string> failures)
    {
        if (serverUri is null)
        {
            failures.Add(prefix + "ServerUri is required (e.g. \"http://localhost:3000\").");
        }
        else if (!serverUri.IsAbsoluteUri || !s_serverSchemes.Contains(serverUri.Scheme, StringComparer.OrdinalIgnoreCase))
        {
            failures.Add(prefix + $"ServerUri '{UriRedactor.Redact(serverUri.OriginalString)}' is not an absolute http, https, ws or wss URL.");
        }
    }

    // The same check the client makes before it sends anything; reported at start, with the client's name.
    private static void ValidateHeaders(SocketIoClientOptions options, string prefix, List<string> failures)
    {
        foreach (var header in options.ExtraHeaders)
        {
            Check(() => HttpHeaderRules.Validate("SocketIoClientOptions.ExtraHeaders", header.Key, header.Value));
        }

        CheckOptional("SocketIoClientOptions.UserAgent", "User-Agent", options.UserAgent);
        CheckOptional("SocketIoClientOptions.Origin", "Origin", options.Origin);
        CheckOptional("SocketIoClientOptions.Referer", "Referer", options.Referer);

        void CheckOptional(string option, string header, string? value)
        {
            if (value is not null)
            {
                Check(() => HttpHeaderRules.ValidateValue(option, header, value));
            }
        }

        void Check(Action validate)
        {
            try
            {
                validate();
            }
            catch (ArgumentException exception)
            {
                // The message names the option and the header, never the value.
                failures.Add(prefix + exception.Message);
            }
        }
    }

    private static void ValidateProxy(Uri? proxy, string prefix, List<string> failures)
    {
        // Only the scheme and host are named: the URL's user info is a password.
        if (proxy is not null && (!proxy.IsAbsoluteUri || proxy.Scheme != Uri.UriSchemeHttp))
        {
            failures.Add(prefix + "Proxy must be an absolute http URL such as \"http://proxy.example.com:3128\" (HTTP CONNECT proxies only).");
        }
    }

    private static void ValidateTransports(SocketIoClientOptions options, SocketIoClientFactoryOptions factory, string prefix, List<string> failures)
    {
        if (options.Transports is null || options.Transports.Count == 0)
        {
            failures.Add(prefix + "Transports must name at least one transport (e.g. [\"polling\", \"websocket\"]).");
        }
        else if (options.Transports.Any(string.IsNullOrWhiteSpace))
        {
            failures.Add(prefix + "Transports must not contain an empty name.");
        }
        else
        {
            for (var i = 0; i < options.Transports.Count; i++)
            {
                RequireKnownTransport(options.Transports[i], $"Transports[{i.ToString(CultureInfo.InvariantCulture)}]", options, factory, prefix, failures);
            }
        }

        if (options.Transport is { } first)
        {
            if (string.IsNullOrWhiteSpace(first))
            {
                failures.Add(prefix + "Transport must be null or a transport name.");
            }
            else
            {
                RequireKnownTransport(first, nameof(options.Transport), options, factory, prefix, failures);
            }
        }
    }

    /// <summary>
    /// A misspelt name (<c>"websockets"</c>, <c>"WebSocket"</c>) would otherwise only show up as a connection that
    /// never finds a transport. Names are matched as the transports match them: ordinally.
    /// </summary>
    private static void RequireKnownTransport(string transport, string key, SocketIoClientOptions options, SocketIoClientFactoryOptions factory, string prefix, List<string> failures)
    {
        if (options.TransportFactory is not null || factory.HasOpenTransportFactory ||
            s_builtInTransports.Contains(transport, StringComparer.Ordinal) || factory.TransportNames.Contains(transport))
        {
            return;
        }

        var known = string.Join(", ", s_builtInTransports.Concat(factory.TransportNames).Select(static n => $"\"{n}\""));
        failures.Add(prefix + $"{key} names the unknown transport \"{transport}\"; the known transports are {known} " +
            "(names are case-sensitive; add a custom one with AddTransport).");
    }

    private static void ValidateReconnection(SocketIoClientOptions options, string prefix, List<string> failures)
    {
        RequireNotNegative(options.ReconnectionAttempts, nameof(options.ReconnectionAttempts), prefix, failures);
        if (options.ReconnectionDelay < TimeSpan.Zero)
        {
            failures.Add(prefix + $"ReconnectionDelay must not be negative; got {Format(options.ReconnectionDelay)}.");
        }

        if (options.ReconnectionDelayMax < options.ReconnectionDelay)
        {
            failures.Add(prefix + $"ReconnectionDelayMax ({Format(options.ReconnectionDelayMax)}) must not be less than ReconnectionDelay ({Format(options.ReconnectionDelay)}).");
        }

        if (double.IsNaN(options.RandomizationFactor) || options.RandomizationFactor is < 0 or > 1)
        {
            failures.Add(prefix + $"RandomizationFactor must be between 0 and 1; got {options.RandomizationFactor.ToString(CultureInfo.InvariantCulture)}.");
        }
    }

    // ConnectTimeout also bounds the graceful close when the client is disposed, and RequestTimeout every poll: an
    // infinite one would let a dead server hold a disposal or a request for ever.
    private static void RequireFiniteTimeout(TimeSpan value, string setting, string prefix, List<string> failures)
    {
        if (value == Timeout.InfiniteTimeSpan)
        {
            failures.Add(prefix + $"{setting} must not be infinite (it bounds connecting, every request and the close when the client is " +
                $"disposed); set a finite value of at most {Format(MaxTimeout)}.");
        }
        else if (value <= TimeSpan.Zero || value > MaxTimeout)
        {
            failures.Add(prefix + $"{setting} must be positive and at most {Format(MaxTimeout)}; got {Format(value)}.");
        }
    }

    private static void RequireTimeout(TimeSpan value, string setting, string prefix, List<string> failures)
    {
        if (value != Timeout.InfiniteTimeSpan && (value <= TimeSpan.Zero || value > MaxTimeout))
        {
            failures.Add(prefix + $"{setting} must be positive and at most {Format(MaxTimeout)} (or infinite); got {Format(value)}.");
        }
    }

    private static void RequirePositive(long value, string setting, string prefix, List<string> failures)
    {
        if (value <= 0)
        {
            failures.Add(prefix + $"{setting} must be positive; got {value.ToString(CultureInfo.InvariantCulture)}.");
        }
    }

    private static void RequireNotNegative(int value, string setting, string prefix, List<string> failures)
    {
        if (value < 0)
        {
            failures.Add(prefix + $"{setting} must not be negative; got {value.ToString(CultureInfo.InvariantCulture)}.");
        }
    }

    private static string Format(TimeSpan value) => value.ToString("c", CultureInfo.InvariantCulture);
}
