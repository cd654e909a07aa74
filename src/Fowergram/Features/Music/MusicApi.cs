using Dapper;
using Fowergram.Platform.Content;
using Fowergram.Platform.Http;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Fowergram.Features.Music;

/// <summary>The music catalogue for stories: search and trending. Anyone may browse it; it holds no user data.</summary>
public sealed class MusicApi(NpgsqlDataSource db, TimeProvider time)
{
    public const int QueryMax = 100;

    /// <summary>GET /music/tracks?q=&amp;limit=: tracks whose title or artist contains q, most used first.</summary>
    public async Task<IResult> Search(HttpRequest request, CancellationToken ct)
    {
        if (!PageRequest.TryReadLimit(request, PageRequest.DefaultLimit, out var limit, out var error)) return error!;
        var q = request.Query["q"].ToString().Trim();
        // Characters as music_tracks counts a title (code points), so a title of emoji or rare CJK characters can be searched whole.
        if (TextRules.Characters(q) > QueryMax || q.Contains('\0')) return Problems.Validation("q", $"At most {QueryMax} characters, none of them NUL.");
        await using var conn = await db.OpenConnectionAsync(ct);
        q = await ComposedText.OfAsync(conn, q, ct); // a title typed with combining accents finds its composed twin
        string? pattern = q.Length == 0 ? null : "%" + LikePattern.Escape(q) + "%";
        var rows = await conn.QueryAsync<MusicTrackRow>(new CommandDefinition(MusicSql.Search, new { pattern, limit }, cancellationToken: ct));
        return Api.Ok(new MusicTracksResponse(rows.Select(r => r.ToResponse()).ToList()));
    }

    /// <summary>GET /music/trending?limit=: get_trending_music_tracks at the host's clock.</summary>
    public async Task<IResult> Trending(HttpRequest request, CancellationToken ct)
    {
        if (!PageRequest.TryReadLimit(request, PageRequest.DefaultLimit, out var limit, out var error)) return error!;
        await using var conn = await db.OpenConnectionAsync(ct);
        var rows = await conn.QueryAsync<MusicTrackRow>(new CommandDefinition(MusicSql.Trending, new { limit, now = time.GetUtcNow() }, cancellationToken: ct));
        return Api.Ok(new MusicTracksResponse(rows.Select(r => r.ToResponse()).ToList()));
    }

}
