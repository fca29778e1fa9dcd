namespace Tusk.SocketIO.Internal;

/// <summary>
/// Event handlers of one namespace socket. Subscriptions copy-on-write, so dispatch reads a snapshot without locking.
/// </summary>
internal sealed class HandlerRegistry<T>
{
    private readonly Lock _sync = new();
    private Dictionary<string, Subscription[]> _byName = new(StringComparer.Ordinal);
    private Subscription[] _any = [];

    public IDisposable Add(string name, Func<T, Task> handler, bool once)
    {
        var subscription = new Subscription(this, name, handler, once);
        lock (_sync)
        {
            var copy = new Dictionary<string, Subscription[]>(_byName, StringComparer.Ordinal);
            copy[name] = copy.TryGetValue(name, out var existing) ? [.. existing, subscription] : [subscription];
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
            var copy = new Dictionary<string, Subscription[]>(_byName, StringComparer.Ordinal);
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
    public List<Func<T, Task>> Resolve(string name)
    {
        var result = new List<Func<T, Task>>();
        foreach (var subscription in _any)
        {
            result.Add(subscription.Handler);
        }

        if (_byName.TryGetValue(name, out var named))
        {
            foreach (var subscription in named)
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
                var copy = new Dictionary<string, Subscription[]>(_byName, StringComparer.Ordinal);
                var remaining = existing.Where(s => s != subscription).ToArray();
                if (remaining.Length == 0)
                {
                    copy.Remove(subscription.Name);
                }
                else
                {
                    copy[subscription.Name] = remaining;
                }

                _byName = copy;
            }
        }
    }

    private sealed class Subscription(HandlerRegistry<T> owner, string? name, Func<T, Task> handler, bool once) : IDisposable
    {
        private int _used;

        public string? Name { get; } = name;

        public Func<T, Task> Handler { get; } = handler;

        public bool TryClaim()
        {
            if (!once)
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
