namespace Tusk.SocketIO.Internal;

/// <summary>
/// Event handlers of one namespace socket. Subscriptions copy-on-write, so dispatch reads a snapshot without locking.
/// </summary>
internal sealed class HandlerRegistry<T>
{
    private readonly Lock _sync = new();
    private Dictionary<string, Named> _byName = new(StringComparer.Ordinal);
    private Subscription[] _any = [];

    public IDisposable Add(string name, Func<T, Task> handler, bool once)
    {
        var subscription = new Subscription(this, name, handler, once);
        lock (_sync)
        {
            var copy = new Dictionary<string, Named>(_byName, StringComparer.Ordinal);
            copy[name] = Named.Of(copy.TryGetValue(name, out var existing) ? [.. existing.All, subscription] : [subscription]);
            _byName = copy;
        }

        return subscription;
    }

    public IDisposable AddAny(Func<T, Task> handler)
    {
        var subscription = new Subscription(this, null, handler, once: false);
        lock (_sync)
        {
            _any = [.. _any, subscription];
        }

        return subscription;
    }

    public void RemoveAll(string name)
    {
        lock (_sync)
        {
            var copy = new Dictionary<string, Named>(_byName, StringComparer.Ordinal);
            copy.Remove(name);
            _byName = copy;
        }
    }

    public void RemoveAllAny()
    {
        lock (_sync)
        {
            _any = [];
        }
    }

    public bool HasHandlers(string name) => _any.Length > 0 || _byName.ContainsKey(name);

    /// <summary>The handlers to call for <paramref name="name"/>: catch-alls first, then the event's own; once-handlers are claimed.</summary>
    public IReadOnlyList<Func<T, Task>> Resolve(string name)
    {
        var any = _any;
        _byName.TryGetValue(name, out var named);
        if (any.Length == 0)
        {
            if (named is null)
            {
                return [];
            }

            if (named.Handlers is { } handlers)
            {
                // Nothing to claim: the snapshot's own array serves every event without an allocation.
                return handlers;
            }
        }

        var result = new List<Func<T, Task>>();
        foreach (var subscription in any)
        {
            result.Add(subscription.Handler);
        }

        if (named is not null)
        {
            foreach (var subscription in named.All)
            {
                if (subscription.TryClaim())
                {
                    result.Add(subscription.Handler);
                }
            }
        }

        return result;
    }

    private void Remove(Subscription subscription)
    {
        lock (_sync)
        {
            if (subscription.Name is null)
            {
                _any = [.. _any.Where(s => s != subscription)];
                return;
            }

            if (_byName.TryGetValue(subscription.Name, out var existing))
            {
                var copy = new Dictionary<string, Named>(_byName, StringComparer.Ordinal);
                var remaining = existing.All.Where(s => s != subscription).ToArray();
                if (remaining.Length == 0)
                {
                    copy.Remove(subscription.Name);
                }
                else
                {
                    copy[subscription.Name] = Named.Of(remaining);
                }

                _byName = copy;
            }
        }
    }

    /// <summary>One name's subscriptions, and their handlers as an array when none is a once-handler (nothing to claim).</summary>
    private sealed record Named(Subscription[] All, Func<T, Task>[]? Handlers)
    {
        public static Named Of(Subscription[] all) =>
            new(all, Array.Exists(all, static s => s.Once) ? null : Array.ConvertAll(all, static s => s.Handler));
    }

    private sealed class Subscription(HandlerRegistry<T> owner, string? name, Func<T, Task> handler, bool once) : IDisposable
    {
        private int _used;

        public string? Name { get; } = name;

        public bool Once { get; } = once;

        public Func<T, Task> Handler { get; } = handler;

        public bool TryClaim()
        {
            if (!Once)
            {
                return Volatile.Read(ref _used) == 0;
            }

            if (Interlocked.Exchange(ref _used, 1) != 0)
            {
                return false;
            }

            owner.Remove(this);
            return true;
        }

        public void Dispose()
        {
            Interlocked.Exchange(ref _used, 1);
            owner.Remove(this);
        }
    }
}
