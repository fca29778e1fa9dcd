using System.Reflection;
using Tusk.EngineIO.Transports;

namespace Tusk.EngineIO.Tests.Session;

/// <summary>
/// <see cref="EngineIoTransportContext"/> is the session's to update: a transport can read it and report the revision
/// it detected, nothing else.
/// </summary>
public sealed class TransportContextTests
{
    private static EngineIoTransportContext Context(EngineIoVersion version = EngineIoVersion.Auto) =>
        new(new Uri("http://127.0.0.1:1"), new EngineIoClientOptions { Version = version });

    [Test]
    public void No_property_can_be_set_from_outside_the_library()
    {
        var settable = typeof(EngineIoTransportContext).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.SetMethod is { IsPublic: true } || p.SetMethod is { IsFamily: true } || p.SetMethod is { IsFamilyOrAssembly: true })
            .Select(p => p.Name);

        Assert.That(settable, Is.Empty);
    }

    [Test]
    public void A_detected_revision_is_recorded_while_the_revision_is_unknown()
    {
        var context = Context();

        context.ReportDetectedVersion(EngineIoVersion.V3);
        context.ReportDetectedVersion(EngineIoVersion.V3);

        Assert.That(context.Version, Is.EqualTo(EngineIoVersion.V3));
        Assert.That(context.BuildUri("polling", webSocketScheme: false).Query, Does.Contain("EIO=3"));
    }

    [Test]
    public void A_known_revision_does_not_change()
    {
        var context = Context(EngineIoVersion.V4);

        var error = Assert.Throws<InvalidOperationException>(() => context.ReportDetectedVersion(EngineIoVersion.V3));

        Assert.That(error!.Message, Does.Contain("revision 4"));
        Assert.That(context.Version, Is.EqualTo(EngineIoVersion.V4));
    }

    [Test]
    public void Auto_is_not_a_detected_revision() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Context().ReportDetectedVersion(EngineIoVersion.Auto));
}
