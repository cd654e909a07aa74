using System.Diagnostics.Metrics;

namespace Fowergram.Platform.Telemetry;

/// <summary>Refused password logins: wrong credentials, and attempts a throttle stopped before the password was tried.</summary>
public static class LoginMetrics
{
    public const string UnknownAccount = "unknown_account";
    public const string WrongPassword = "wrong_password";
    public const string WrongCode = "wrong_code";
    public const string AccountLimit = "account";
    public const string AddressLimit = "address";

    private static readonly Counter<long> Failures = FowergramTelemetry.Meter.CreateCounter<long>("fowergram.login.failures", "{attempt}",
        "Password checks that failed, by reason (unknown_account, wrong_password, wrong_code).");

    private static readonly Counter<long> Throttled = FowergramTelemetry.Meter.CreateCounter<long>("fowergram.login.throttled", "{attempt}",
        "Sign-in attempts refused with 429 before any password was tried, by the limit that refused them (account, address).");

    public static void Failed(string reason)
    {
        if (Failures.Enabled) Failures.Add(1, new KeyValuePair<string, object?>(FowergramTelemetry.ReasonTag, reason));
    }

    public static void Refused(string limit)
    {
        if (Throttled.Enabled) Throttled.Add(1, new KeyValuePair<string, object?>(FowergramTelemetry.LimitTag, limit));
    }
}
