using Dapper;
using Fowergram.Platform.Data;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Migrations;

/// <summary>
/// Migration 0264 names the story of each countdown_ended notice written before it where exactly one countdown fits (the
/// author's, with the notice's title, announced at its time) and leaves the rest without one; its down drops the column.
/// </summary>
public sealed class CountdownNoticeStoryBackfillTests
{
    private static readonly IReadOnlyList<MigrationFile> Files = MigrationFile.LoadEmbedded();
    private static readonly DateTimeOffset Start = new(2026, 1, 5, 12, 0, 0, TimeSpan.Zero);

    private static Guid Id(int n) => Guid.Parse($"00000000-0000-0000-0000-{n:D12}");

    [Fact]
    public async Task Notices_whose_countdown_is_certain_name_its_story_and_twins_name_none()
    {
        await using var scratch = await TestDatabase.CreateScratchAsync();
        await new Migrator(scratch.DataSource) { Files = Files.Where(f => f.Version < 264).ToList() }.MigrateAsync();
        await using var conn = await scratch.DataSource.OpenConnectionAsync();
        var (author, other, fan) = (Id(1), Id(2), Id(3));
        await conn.ExecuteAsync("""
            INSERT INTO users (id, email, username, hashed_password) VALUES
              (@author, 'a@example.test', 'a', 'x'), (@other, 'o@example.test', 'o', 'x'), (@fan, 'f@example.test', 'f', 'x')
            """, new { author, other, fan });
        async Task<Guid> CountdownAsync(int id, Guid owner, string title, TimeSpan announced)
        {
            await conn.ExecuteAsync("""
                INSERT INTO stories (id, user_id, blob_name, media_type, audience, created_at, expires_at)
                VALUES (@id, @owner, 'stories/1', 'image', 'public', @created, @created + interval '24 hours');
                INSERT INTO story_countdowns (id, story_id, title, ends_at, created_at, notified_at)
                VALUES (@countdown, @id, @title, @at, @created, @at)
                """, new { id = Id(id), countdown = Id(id + 1000), owner, title, created = Start, at = Start + announced });
            return Id(id);
        }
        async Task<Guid> NoticeAsync(int id, Guid actor, string title, TimeSpan at)
        {
            await conn.ExecuteAsync("""
                INSERT INTO notifications (id, user_id, actor_id, type, entity_type, entity_id, message, created_at)
                VALUES (@id, @fan, @actor, 'countdown_ended', 'user', @actor, @title, @at)
                """, new { id = Id(id), fan, actor, title, at = Start + at });
            return Id(id);
        }

        var launch = await CountdownAsync(101, author, "Launch", TimeSpan.FromHours(1));
        await CountdownAsync(102, author, "Party", TimeSpan.FromHours(1)); // same run, another title
        await CountdownAsync(103, other, "Launch", TimeSpan.FromHours(1)); // same title and run, another author
        await CountdownAsync(104, author, "Twin", TimeSpan.FromHours(2));
        await CountdownAsync(105, author, "Twin", TimeSpan.FromHours(2));
        var single = await NoticeAsync(201, author, "Launch", TimeSpan.FromHours(1));
        var twin = await NoticeAsync(202, author, "Twin", TimeSpan.FromHours(2));
        var unmatched = await NoticeAsync(203, author, "Launch", TimeSpan.FromHours(3));

        await new Migrator(scratch.DataSource) { Files = Files.Where(f => f.Version <= 264).ToList() }.MigrateAsync();

        var stories = (await conn.QueryAsync<(Guid Id, Guid? StoryId)>("SELECT id, story_id FROM notifications")).ToDictionary(n => n.Id, n => n.StoryId);
        Assert.Equal(launch, stories[single]);
        Assert.Null(stories[twin]);
        Assert.Null(stories[unmatched]);

        Assert.NotNull(await new Migrator(scratch.DataSource) { Files = Files.Where(f => f.Version <= 264).ToList() }.RollbackAsync());
        Assert.False(await conn.ExecuteScalarAsync<bool>(
            "SELECT EXISTS (SELECT 1 FROM information_schema.columns WHERE table_name = 'notifications' AND column_name = 'story_id')"));
    }
}
