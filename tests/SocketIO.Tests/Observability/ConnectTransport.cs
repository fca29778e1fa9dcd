using NUnit.Framework.Constraints;
using Tusk.SocketIO.Tests.Integration;

namespace Tusk.SocketIO.Tests.Observability;

/// <summary>What a connect's transport tag may be, given the client's <c>TransportName</c> read just after the connect.</summary>
internal static class ConnectTransport
{
    /// <summary>
    /// The transport read after the connect; with an upgrade also <c>polling</c>, because the upgrade can finish between the
    /// connect's end and that read (seen once each in whole runs), so the connect ended on polling. Never the other way round.
    /// </summary>
    public static IResolveConstraint Is(SioTarget target, string? readAfterConnect) => target.Transport == "upgrade"
        ? NUnit.Framework.Is.EqualTo(readAfterConnect).Or.EqualTo("polling")
        : NUnit.Framework.Is.EqualTo(readAfterConnect).And.Not.Null;
}
