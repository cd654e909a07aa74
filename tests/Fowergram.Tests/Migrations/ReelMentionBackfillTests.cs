using Dapper;
using Fowergram.Platform.Data;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Migrations;

/// <summary>
/// Migration 0261 gives the reels written before 0244 the reel_mentions rows their next caption edit would write
/// (docs/reels.md "Notifications"): the accounts their caption names that the author may mention now — live, no block
/// either way, mentions allowed — never the author, never twice. A reel written after 0244 keeps the rows it has.
/// </summary>
public sealed class ReelMentionBackfillTests
{
    private static readonly IReadOnlyList<MigrationFile> Files = MigrationFile.LoadEmbedded();

    private static Guid U(int n) => new($"00000000-0000-0000-0000-{n:D12}");

    [Fact]
    public async Task Reels_from_before_0244_get_the_rows_their_caption_names_and_later_reels_are_left_alone()
    {
        await using var scratch = await TestDatabase.CreateScratchAsync();
        await new Migrator(scratch.DataSource) { Files = Files.Where(f => f.Version < 244).ToList() }.MigrateAsync();
        await using var conn = await scratch.DataSource.OpenConnectionAsync();
        await conn.ExecuteAsync("""
            INSERT INTO users (id, email, username, hashed_password, full_name) VALUES
              (@author, 'author@example.test', 'author', 'x', 'Author'), (@ana, 'ana@example.test', 'ana', 'x', 'Ana'),
              (@bob, 'bob@example.test', 'bob.b', 'x', 'Bob'), (@gone, 'gone@example.test', 'gone', 'x', 'Gone'),
              (@blocker, 'blocker@example.test', 'blocker', 'x', 'Blocker'), (@shy, 'shy@example.test', 'shy', 'x', 'Shy'),
              (@friend, 'friend@example.test', 'friend', 'x', 'Friend');
            UPDATE users SET is_active = false WHERE id = @gone;
            UPDATE users SET allow_mentions = 'nobody' WHERE id = @shy;
            UPDATE users SET allow_mentions = 'following' WHERE id = @friend;
            INSERT INTO follows (follower_id, following_id) VALUES (@friend, @author);
            INSERT INTO blocks (blocker_id, blocked_id) VALUES (@blocker, @author);
            INSERT INTO reels (id, user_id, video_blob_name, caption, duration, created_at) VALUES
              (@old, @author, 'r/1', 'With @Ana. and @bob.b, again @ana, x@ana, @@ana, @gone @blocker @shy @friend @nobody @author', 10, now() - interval '1 day'),
              (@plain, @author, 'r/2', 'no names here', 10, now() - interval '1 day');
            """, new { author = U(1), ana = U(2), bob = U(3), gone = U(4), blocker = U(5), shy = U(6), friend = U(7), old = U(10), plain = U(11) });

        await new Migrator(scratch.DataSource) { Files = Files.Where(f => f.Version < 261).ToList() }.MigrateAsync();
        // A reel written after 0244 got its rows then: an account mentioned in it that could not be then is not added now.
        await conn.ExecuteAsync("""
            INSERT INTO reels (id, user_id, video_blob_name, caption, duration, created_at) VALUES (@later, @author, 'r/3', '@ana @bob.b', 10, now() + interval '1 minute');
            INSERT INTO reel_mentions (reel_id, user_id, created_at) VALUES (@later, @ana, now());
            """, new { author = U(1), ana = U(2), later = U(12) });

        await new Migrator(scratch.DataSource) { Files = Files }.MigrateAsync();

        var rows = (await conn.QueryAsync<(Guid Reel, Guid User)>("SELECT reel_id, user_id FROM reel_mentions ORDER BY reel_id, user_id")).ToList();
        Assert.Equal([(U(10), U(2)), (U(10), U(3)), (U(10), U(7)), (U(12), U(2))], rows);
    }
}
