using Dapper;
using Fowergram.Platform.Data;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Migrations;

/// <summary>
/// Migration 0202 rewrites the channel notices written before it to name their channel where it is certain (a co-host
/// invitation by its host row, a channel invitation by its owner and time, the name breaking a tie) and leaves the rest
/// naming their owner; its down names the owner again on every one.
/// </summary>
public sealed class ChannelNoticeEntityBackfillTests
{
    private static readonly IReadOnlyList<MigrationFile> Files = MigrationFile.LoadEmbedded();
    private static readonly DateTimeOffset Start = new(2026, 1, 5, 12, 0, 0, TimeSpan.Zero);

    private static Guid Id(int n) => Guid.Parse($"00000000-0000-0000-0000-{n:D12}");

    [Fact]
    public async Task Notices_whose_channel_is_certain_name_it_and_the_rest_and_the_down_name_the_owner()
    {
        await using var scratch = await TestDatabase.CreateScratchAsync();
        await new Migrator(scratch.DataSource) { Files = Files.Where(f => f.Version < 202).ToList() }.MigrateAsync();
        await using var conn = await scratch.DataSource.OpenConnectionAsync();
        var (owner, fan, invitee) = (Id(1), Id(2), Id(3));
        await conn.ExecuteAsync("""
            INSERT INTO users (id, email, username, hashed_password) VALUES
              (@owner, 'o@example.test', 'o', 'x'), (@fan, 'f@example.test', 'f', 'x'), (@invitee, 'i@example.test', 'i', 'x')
            """, new { owner, fan, invitee });
        async Task ChannelAsync(int id, string name, TimeSpan at) => await conn.ExecuteAsync("""
            INSERT INTO broadcast_channels (id, owner_id, name, created_at, updated_at) VALUES (@id, @owner, @name, @at, @at)
            """, new { id = Id(id), owner, name, at = Start + at });
        async Task<Guid> NoticeAsync(int id, Guid to, string type, string message, TimeSpan at)
        {
            await conn.ExecuteAsync("""
                INSERT INTO notifications (id, user_id, actor_id, type, entity_type, entity_id, message, created_at)
                VALUES (@id, @to, @owner, @type, 'user', @owner, @message, @at)
                """, new { id = Id(id), to, owner, type, message, at = Start + at });
            return Id(id);
        }

        await ChannelAsync(101, "Renamed since", TimeSpan.Zero);
        var renamed = await NoticeAsync(201, fan, "channel_invite", "Old name", TimeSpan.FromMilliseconds(3));
        await ChannelAsync(102, "Same minute", TimeSpan.FromDays(8));
        await ChannelAsync(103, "Other", TimeSpan.FromDays(8) + TimeSpan.FromSeconds(1));
        var byName = await NoticeAsync(202, fan, "channel_invite", "Same minute", TimeSpan.FromDays(8) + TimeSpan.FromSeconds(2));
        await ChannelAsync(104, "Twin", TimeSpan.FromDays(16));
        await ChannelAsync(105, "Twin", TimeSpan.FromDays(16) + TimeSpan.FromSeconds(1));
        var twins = await NoticeAsync(203, fan, "channel_invite", "Twin", TimeSpan.FromDays(16) + TimeSpan.FromSeconds(2));
        var late = await NoticeAsync(204, fan, "channel_invite", "Renamed since", TimeSpan.FromMinutes(2));
        await conn.ExecuteAsync("INSERT INTO broadcast_channel_hosts (channel_id, user_id, invited_at) VALUES (@channel, @invitee, @at)",
            new { channel = Id(102), invitee, at = Start + TimeSpan.FromDays(9) });
        var cohost = await NoticeAsync(205, invitee, "channel_cohost_invite", "Same minute", TimeSpan.FromDays(9));
        var noRow = await NoticeAsync(206, invitee, "channel_cohost_invite", "Other", TimeSpan.FromDays(10));

        await new Migrator(scratch.DataSource) { Files = Files.Where(f => f.Version <= 202).ToList() }.MigrateAsync();

        async Task<Dictionary<Guid, (string Type, Guid Id)>> EntitiesAsync() =>
            (await conn.QueryAsync<(Guid Id, string EntityType, Guid EntityId)>("SELECT id, entity_type, entity_id FROM notifications"))
                .ToDictionary(n => n.Id, n => (n.EntityType, n.EntityId));
        var after = await EntitiesAsync();
        Assert.Equal(("broadcast_channel", Id(101)), after[renamed]); // by time, whatever its name now
        Assert.Equal(("broadcast_channel", Id(102)), after[byName]); // two that minute: the one of its name
        Assert.Equal(("broadcast_channel", Id(102)), after[cohost]); // its host row
        foreach (var unplaced in new[] { twins, late, noRow }) Assert.Equal(("user", owner), after[unplaced]);

        Assert.NotNull(await new Migrator(scratch.DataSource) { Files = Files.Where(f => f.Version <= 202).ToList() }.RollbackAsync());
        Assert.All((await EntitiesAsync()).Values, e => Assert.Equal(("user", owner), e));
    }
}
