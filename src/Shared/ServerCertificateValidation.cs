using System.Net.Security;

namespace Tusk.Internal;

/// <summary>
/// The one place that turns the "accept any server certificate" switch into a validation callback, for every layer
/// that builds TLS settings from options (the Socket.IO session factories and the DI polling handler).
/// </summary>
/// <remarks>Compiled into each assembly that needs it as an internal type (see <c>HttpHeaderRules</c> for why).</remarks>
internal static class ServerCertificateValidation
{
    /// <summary>
    /// Accepts every server certificate. Only reachable through a <c>DangerousAcceptAnyServerCertificate</c> option,
    /// which the user sets on purpose (self-signed development servers).
    /// </summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA5359:Do Not Disable Certificate Validation",
        Justification = "The documented opt-in DangerousAcceptAnyServerCertificate (off by default, named as dangerous); this is its only implementation.")]
    public static readonly RemoteCertificateValidationCallback AcceptAny = static (_, _, _, _) => true;

    /// <summary>The callback to use: <see cref="AcceptAny"/> when <paramref name="dangerousAcceptAny"/> is set, otherwise
    /// the caller's own (null: the platform validates the chain and host name).</summary>
    public static RemoteCertificateValidationCallback? Choose(bool dangerousAcceptAny, RemoteCertificateValidationCallback? callback) =>
        dangerousAcceptAny ? AcceptAny : callback;
}
