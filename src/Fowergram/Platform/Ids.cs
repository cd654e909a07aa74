namespace Fowergram.Platform;

/// <summary>UUID v7 ids made in the app: time-ordered, so new rows append to the end of B-tree indexes.</summary>
public static class Ids
{
    public static Guid New(TimeProvider time) => Guid.CreateVersion7(time.GetUtcNow());
}
