using Npgsql;

namespace Fowergram.Platform.Data;

/// <summary>
/// Connections for a short write that must outlive the caller's transaction and is made while that transaction holds a
/// connection: an upload's rejection, a photo's cleaned size (MediaUploads). Taken from the main pool, a burst of such
/// requests could hold every connection and then each wait for a second one — the pool deadlocked until its timeout and
/// each of them failed (503). From a pool of their own they only queue: a side write holds nothing while it waits, and
/// runs one statement. Same database and settings, its own pool (a data source is a pool), named in pg_stat_activity.
/// </summary>
public sealed class SideWrites(NpgsqlDataSource pool) : IDisposable, IAsyncDisposable
{
    public const string ApplicationName = "fowergram-side";

    public ValueTask<NpgsqlConnection> OpenConnectionAsync(CancellationToken ct) => pool.OpenConnectionAsync(ct);

    // Both, as the data source has: a container disposed synchronously refuses a service that is only IAsyncDisposable.
    public void Dispose() => pool.Dispose();

    public ValueTask DisposeAsync() => pool.DisposeAsync();
}
