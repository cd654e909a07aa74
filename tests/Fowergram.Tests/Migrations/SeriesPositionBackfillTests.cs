using Dapper;
using Fowergram.Platform.Data;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Migrations;

/// <summary>Migration 0092 gives the series that existed before it the order they were read in: published by publication, then drafts.</summary>
public sealed class SeriesPositionBackfillTests
{
    private static readonly IReadOnlyList<MigrationFile> Files = MigrationFile.LoadEmbedded();

    [Fact]
    public async Task Existing_series_keep_their_old_order_and_videos_outside_a_series_get_no_place()
    {
        await using var scratch = await TestDatabase.CreateScratchAsync();
        await new Migrator(scratch.DataSource) { Files = Files.Where(f => f.Version < 92).ToList() }.MigrateAsync();
        await using var conn = await scratch.DataSource.OpenConnectionAsync();
        var ids = await conn.QuerySingleAsync<(Guid Series, Guid Early, Guid Late, Guid Draft, Guid Loose, Guid Other)>("""
            INSERT INTO users (id, email, username, hashed_password) VALUES ('00000000-0000-0000-0000-000000000001', 'a@example.test', 'a', 'x');
            INSERT INTO igtv_series (id, user_id, title) VALUES ('00000000-0000-0000-0000-0000000000a1', '00000000-0000-0000-0000-000000000001', 'One'),
                                                                ('00000000-0000-0000-0000-0000000000a2', '00000000-0000-0000-0000-000000000001', 'Two');
            INSERT INTO igtv_videos (id, user_id, series_id, title, video_blob_name, duration, is_published, published_at, created_at) VALUES
              ('00000000-0000-0000-0000-0000000000b1', '00000000-0000-0000-0000-000000000001', '00000000-0000-0000-0000-0000000000a1', 'Draft', 'v/1', 60, false, NULL, '2026-01-01'),
              ('00000000-0000-0000-0000-0000000000b2', '00000000-0000-0000-0000-000000000001', '00000000-0000-0000-0000-0000000000a1', 'Late', 'v/2', 60, true, '2026-03-01', '2026-01-02'),
              ('00000000-0000-0000-0000-0000000000b3', '00000000-0000-0000-0000-000000000001', '00000000-0000-0000-0000-0000000000a1', 'Early', 'v/3', 60, true, '2026-02-01', '2026-01-03'),
              ('00000000-0000-0000-0000-0000000000b4', '00000000-0000-0000-0000-000000000001', NULL, 'Loose', 'v/4', 60, true, '2026-02-01', '2026-01-04'),
              ('00000000-0000-0000-0000-0000000000b5', '00000000-0000-0000-0000-000000000001', '00000000-0000-0000-0000-0000000000a2', 'Other', 'v/5', 60, true, '2026-04-01', '2026-01-05');
            SELECT '00000000-0000-0000-0000-0000000000a1'::uuid, '00000000-0000-0000-0000-0000000000b3'::uuid, '00000000-0000-0000-0000-0000000000b2'::uuid,
                   '00000000-0000-0000-0000-0000000000b1'::uuid, '00000000-0000-0000-0000-0000000000b4'::uuid, '00000000-0000-0000-0000-0000000000b5'::uuid
            """);

        await new Migrator(scratch.DataSource) { Files = Files }.MigrateAsync();

        var places = (await conn.QueryAsync<(Guid Id, int? Place)>("SELECT id, series_position FROM igtv_videos")).ToDictionary(r => r.Id, r => r.Place);
        Assert.Equal((1, 2, 3), (places[ids.Early], places[ids.Late], places[ids.Draft]));
        Assert.Equal(1, places[ids.Other]);
        Assert.Null(places[ids.Loose]);
    }
}
