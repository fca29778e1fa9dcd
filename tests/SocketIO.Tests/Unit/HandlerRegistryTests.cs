using Tusk.SocketIO.Internal;

namespace Tusk.SocketIO.Tests.Unit;

public class HandlerRegistryTests
{
    private static Func<string, Task> Handler(List<string> calls, string name) => value =>
    {
        calls.Add(name + ":" + value);
        return Task.CompletedTask;
    };

    [Test]
    public void Resolve_ReturnsCatchAllsFirstThenNamedInSubscriptionOrder()
    {
        var registry = new HandlerRegistry<string>();
        var calls = new List<string>();
        registry.Add("ev", Handler(calls, "a"), once: false);
        registry.AddAny(Handler(calls, "any"));
        registry.Add("ev", Handler(calls, "b"), once: false);
        registry.Add("other", Handler(calls, "c"), once: false);

        foreach (var handler in registry.Resolve("ev"))
        {
            handler("x");
        }

        Assert.That(calls, Is.EqualTo(new[] { "any:x", "a:x", "b:x" }));
    }

    [Test]
    public void Once_FiresOnlyOnceEvenWhenResolvedConcurrently()
    {
        var registry = new HandlerRegistry<string>();
        var calls = new List<string>();
        registry.Add("ev", Handler(calls, "once"), once: true);

        var resolved = Enumerable.Range(0, 16).AsParallel().Select(_ => registry.Resolve("ev").Count).Sum();

        Assert.That(resolved, Is.EqualTo(1));
        Assert.That(registry.HasHandlers("ev"), Is.False);
    }

    [Test]
    public void Resolve_WithNothingToClaim_ReusesOneArray_AndStopsReusingItOnceAOnceHandlerJoins()
    {
        var registry = new HandlerRegistry<string>();
        var calls = new List<string>();
        registry.Add("ev", Handler(calls, "a"), once: false);

        var first = registry.Resolve("ev");
        var second = registry.Resolve("ev");
        registry.Add("ev", Handler(calls, "once"), once: true);
        var withOnce = registry.Resolve("ev");
        var afterOnce = registry.Resolve("ev");
        var again = registry.Resolve("ev");

        Assert.That(second, Is.SameAs(first));
        Assert.That(registry.Resolve("none"), Is.Empty);
        Assert.That(withOnce, Has.Count.EqualTo(2));
        Assert.That(afterOnce, Has.Count.EqualTo(1));
        Assert.That(again, Is.SameAs(afterOnce));
    }

    [Test]
    public void DisposingASubscription_RemovesOnlyIt()
    {
        var registry = new HandlerRegistry<string>();
        var calls = new List<string>();
        var first = registry.Add("ev", Handler(calls, "a"), once: false);
        registry.Add("ev", Handler(calls, "b"), once: false);
        var any = registry.AddAny(Handler(calls, "any"));

        first.Dispose();
        any.Dispose();

        Assert.That(registry.Resolve("ev"), Has.Count.EqualTo(1));
    }

    [Test]
    public void RemoveAll_ClearsANameAndRemoveAllAnyTheCatchAlls()
    {
        var registry = new HandlerRegistry<string>();
        registry.Add("ev", _ => Task.CompletedTask, once: false);
        registry.AddAny(_ => Task.CompletedTask);

        registry.RemoveAll("ev");
        registry.RemoveAllAny();

        Assert.That(registry.Resolve("ev"), Is.Empty);
    }
}
