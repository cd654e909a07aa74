using Npgsql;

namespace Fowergram.Platform.Data;

/// <summary>
/// The query string of a <c>DATABASE_URL</c> (postgres://u:p@h:5432/db?sslmode=require&amp;…, as Heroku, Render and Azure
/// hand it out). Until 2026-12-05 it was dropped, so <c>sslmode=require</c> silently became Npgsql's default. libpq's
/// parameter names are mapped to Npgsql's (their values checked); any other name Npgsql's connection string knows is passed
/// to it as is; anything else stops start-up, naming the parameter but never its value (it may be a secret).
/// </summary>
internal static class DatabaseUrlParameters
{
    private static readonly Dictionary<string, SslMode> SslModes = new(StringComparer.OrdinalIgnoreCase)
    {
        ["disable"] = SslMode.Disable, ["allow"] = SslMode.Allow, ["prefer"] = SslMode.Prefer,
        ["require"] = SslMode.Require, ["verify-ca"] = SslMode.VerifyCA, ["verify-full"] = SslMode.VerifyFull,
    };

    private static readonly string[] TargetSessionAttributes = ["any", "read-write", "read-only", "primary", "standby", "prefer-standby"];

    /// <summary>libpq's name → how it sets the builder; the setter returns false for a value it refuses.</summary>
    private static readonly Dictionary<string, (string Expected, Func<NpgsqlConnectionStringBuilder, string, bool> Set)> Libpq =
        new(StringComparer.Ordinal)
        {
            ["sslmode"] = ("one of " + string.Join(", ", SslModes.Keys),
                (b, v) => SslModes.TryGetValue(v, out var mode) && Assign(() => b.SslMode = mode)),
            ["application_name"] = ("a name", (b, v) => v.Length > 0 && Assign(() => b.ApplicationName = v)),
            ["connect_timeout"] = ("whole seconds, 0 to 1024 (0: wait forever)",
                (b, v) => int.TryParse(v, System.Globalization.NumberStyles.None, null, out var s) && s <= 1024 && Assign(() => b.Timeout = s)),
            ["target_session_attrs"] = ("one of " + string.Join(", ", TargetSessionAttributes),
                (b, v) => TargetSessionAttributes.Contains(v) && Assign(() => b.TargetSessionAttributes = v)),
            ["options"] = ("server options such as -c search_path=app", (b, v) => v.Length > 0 && Assign(() => b.Options = v)),
            ["sslrootcert"] = ("a file path", (b, v) => v.Length > 0 && Assign(() => b.RootCertificate = v)),
            ["sslcert"] = ("a file path", (b, v) => v.Length > 0 && Assign(() => b.SslCertificate = v)),
            ["sslkey"] = ("a file path", (b, v) => v.Length > 0 && Assign(() => b.SslKey = v)),
        };

    public static void Apply(NpgsqlConnectionStringBuilder builder, string query)
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var pair in query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = pair.Split('=', 2);
            var name = Uri.UnescapeDataString(parts[0]);
            if (parts.Length < 2) throw Refused($"parameter '{name}' has no value (write {name}=value)");
            if (!seen.Add(name)) throw Refused($"parameter '{name}' is given twice");
            var value = Uri.UnescapeDataString(parts[1]);
            if (Libpq.TryGetValue(name, out var known))
            {
                if (!known.Set(builder, value)) throw Refused($"parameter '{name}' has a value it cannot take: expected {known.Expected}");
            }
            else SetNpgsqlKeyword(builder, name, value);
        }
    }

    private static void SetNpgsqlKeyword(NpgsqlConnectionStringBuilder builder, string name, string value)
    {
        if (!builder.ContainsKey(name) && !IsKeyword(name))
            throw Refused($"parameter '{name}' is neither a libpq parameter ({string.Join(", ", Libpq.Keys)}) nor an Npgsql connection string keyword");
        try
        {
            builder[name] = value;
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidCastException or OverflowException)
        {
            throw Refused($"parameter '{name}' has a value Npgsql does not accept for it");
        }
    }

    private static bool IsKeyword(string name)
    {
        try
        {
            _ = new NpgsqlConnectionStringBuilder()[name];
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static bool Assign(Action set)
    {
        set();
        return true;
    }

    private static InvalidOperationException Refused(string why) =>
        new($"DATABASE_URL is not usable: its {why}. Parameters are never ignored (docs/deploy.md, \"DATABASE_URL\").");
}
