using Dapper;
using Fowergram.Platform.Data;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Migrations;

/// <summary>
/// Migration 0268 gives each reel_hashtags row its reel's author, and from then on the key (reel_id, author_id) → reels
/// (id, user_id) keeps it so: another author is refused, and a change of owner carries over. Its down drops the column.
/// </summary>
public sealed class ReelHashtagAuthorBackfillTests
{
    private static readonly IReadOnlyList<MigrationFile> Files = MigrationFile.LoadEmbedded();

    private static Guid Id(int n) => Guid.Parse($"00000000-0000-0000-0000-{n:D12}");

    [Fact]
    public async Task Existing_rows_take_their_reels_author_and_the_key_keeps_it()
    {
        await using var scratch = await TestDatabase.CreateScratchAsync();
        await new Migrator(scratch.DataSource) { Files = Files.Where(f => f.Version < 268).ToList() }.MigrateAsync();
        await using var conn = await scratch.DataSource.OpenConnectionAsync();
        var (a, b, tag, reelA, reelB) = (Id(1), Id(2), Id(3), Id(4), Id(5));
        await conn.ExecuteAsync("""
            INSERT INTO users (id, email, username, hashed_password) VALUES (@a, 'a@example.test', 'a', 'x'), (@b, 'b@example.test', 'b', 'x');
            INSERT INTO hashtags (id, name) VALUES (@tag, 'beach');
            INSERT INTO reels (id, user_id, video_blob_name, duration, created_at) VALUES
              (@reelA, @a, 'r/1', 15, '2026-01-01'), (@reelB, @b, 'r/2', 15, '2026-01-02');
            INSERT INTO reel_hashtags (reel_id, hashtag_id, reel_created_at) VALUES (@reelA, @tag, '2026-01-01'), (@reelB, @tag, '2026-01-02');
            """, new { a, b, tag, reelA, reelB });

        await new Migrator(scratch.DataSource) { Files = Files.Where(f => f.Version <= 268).ToList() }.MigrateAsync();

        async Task<Dictionary<Guid, Guid>> AuthorsAsync() =>
            (await conn.QueryAsync<(Guid Reel, Guid Author)>("SELECT reel_id, author_id FROM reel_hashtags")).ToDictionary(r => r.Reel, r => r.Author);
        Assert.Equal(new Dictionary<Guid, Guid> { [reelA] = a, [reelB] = b }, await AuthorsAsync());
        var wrong = await Assert.ThrowsAsync<Npgsql.PostgresException>(() => conn.ExecuteAsync(
            "UPDATE reel_hashtags SET author_id = @b WHERE reel_id = @reelA", new { b, reelA }));
        Assert.Equal("reel_hashtags_reel_fkey", wrong.ConstraintName);
        await conn.ExecuteAsync("UPDATE reels SET user_id = @b WHERE id = @reelA", new { b, reelA });
        Assert.Equal(b, (await AuthorsAsync())[reelA]);

        Assert.NotNull(await new Migrator(scratch.DataSource) { Files = Files.Where(f => f.Version <= 268).ToList() }.RollbackAsync());
        Assert.False(await conn.ExecuteScalarAsync<bool>(
            "SELECT EXISTS (SELECT 1 FROM information_schema.columns WHERE table_name = 'reel_hashtags' AND column_name = 'author_id')"));
        Assert.Equal(2, await conn.ExecuteScalarAsync<int>("SELECT count(*) FROM reel_hashtags"));
    }
}
