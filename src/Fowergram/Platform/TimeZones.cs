namespace Fowergram.Platform;

/// <summary>Time zones named by clients (quiet mode's schedule, story memories' day), looked up without ever throwing.</summary>
public static class TimeZones
{
    /// <summary>
    /// The zone <paramref name="id"/> names, or null. The runtime reads the zone database's files by that name, so besides
    /// "not found" it refuses a folder ("Europe/") with a SecurityException and an unreadable or odd path with I/O or
    /// argument exceptions: each is a name that is not a zone, never a 500.
    /// </summary>
    public static TimeZoneInfo? Find(string id)
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id);
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException or System.Security.SecurityException or IOException
                                      or UnauthorizedAccessException or ArgumentException)
        {
            return null;
        }
    }

    /// <summary>The longest zone name a client may send (the database's longest is about 30).</summary>
    public const int MaxIanaLength = 64;

    /// <summary>
    /// The IANA zone <paramref name="id"/> names (Europe/Paris), or null: not a Windows name, which this host would also find
    /// but PostgreSQL's AT TIME ZONE would not, nor a padded or overlong one.
    /// </summary>
    public static TimeZoneInfo? FindIana(string? id)
    {
        if (string.IsNullOrEmpty(id) || id.Length > MaxIanaLength || id.Trim() != id) return null;
        return Find(id) is { HasIanaId: true } zone ? zone : null;
    }
}
