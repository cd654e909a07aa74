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
}
