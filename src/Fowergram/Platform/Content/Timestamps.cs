namespace Fowergram.Platform.Content;

public static class Timestamps
{
    /// <summary>
    /// Now, at PostgreSQL's precision (microseconds): a time written to a row and copied into an event
    /// payload is then the same value in both, so consumers can match rows by it (feed_entries' key).
    /// </summary>
    public static DateTimeOffset Now(TimeProvider time)
    {
        var now = time.GetUtcNow();
        return now.AddTicks(-(now.UtcTicks % 10));
    }
}
