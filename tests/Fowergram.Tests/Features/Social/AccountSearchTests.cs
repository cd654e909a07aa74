using Dapper;
using Fowergram.Features.Social;
using Fowergram.Platform.Http;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Social;

/// <summary>
/// Account search ranks candidates, not every match (docs/social-graph.md "Search"): the exact username, and the nearest
/// prefixes, containing usernames and containing full names by the GiST trigram indexes. Wherever the candidates hold the
/// true top page, the page is the one that ranking every match gives: <see cref="EveryMatchRanked"/>, the statement as it
/// was before the bound, is the oracle. Each test's accounts share a term no other test's account holds.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class AccountSearchTests(FowergramApp app)
{
    private readonly SocialWorld _w = new(app);

    /// <summary>Every live, unblocked match ranked: exact username, prefixes, similarity, username.</summary>
    private const string EveryMatchRanked = """
        SELECT u.id
        FROM users u
        WHERE u.deleted_at IS NULL AND u.is_active
          AND (u.username LIKE @contains ESCAPE '\' OR u.full_name ILIKE @contains ESCAPE '\')
          AND NOT EXISTS (SELECT 1 FROM blocks b WHERE (b.blocker_id = @viewer AND b.blocked_id = u.id)
                                                   OR (b.blocker_id = u.id AND b.blocked_id = @viewer))
        ORDER BY u.username = @term DESC, u.username LIKE @prefix ESCAPE '\' DESC,
                 greatest(similarity(u.username, @term), similarity(lower(u.full_name), @term)) DESC, u.username
        LIMIT @limit
        """;

    [Fact]
    public async Task Exact_prefix_and_similar_matches_rank_as_every_match_ranked_would_for_a_viewer_and_a_guest()
    {
        var stem = Stem("k");
        var exact = await NamedAsync(stem, "Exact Match");
        var prefixes = new[] { await NamedAsync(stem + "_a", "Someone"), await NamedAsync(stem + "2", "Other"), await NamedAsync(stem + "_longer_tail", "X") };
        var inside = await NamedAsync("a" + stem, "Inside");
        var names = new[] { await NamedAsync(Stem("z"), $"Ada {stem.ToUpperInvariant()}"), await NamedAsync(Stem("z"), $"{stem} Lovelace of a longer name"),
            await NamedAsync(Stem("z"), $"Nearly {stem[..^1]} but not") };
        var deleted = await NamedAsync(stem + "_deleted", "Gone");
        var deactivated = await NamedAsync(stem + "_deactivated", "Resting");
        var blocked = await NamedAsync(stem + "_blocked", "Blocked");
        var blocker = await NamedAsync(stem + "_blocker", "Blocker");
        await SocialWorld.ExecuteAsync("UPDATE users SET deleted_at = now() WHERE id = @Id", new { deleted.Id });
        await SocialWorld.ExecuteAsync("UPDATE users SET is_active = false WHERE id = @Id", new { deactivated.Id });
        var viewer = await _w.UserAsync();
        await _w.BlockAsync(viewer, blocked);
        await _w.BlockAsync(blocker, viewer);

        var seen = await SearchAsync(stem, viewer);
        var seenByGuest = await SearchAsync(stem, null);

        Assert.Equal(await EveryMatchRankedAsync(stem, viewer), seen);
        Assert.Equal(await EveryMatchRankedAsync(stem, null), seenByGuest);
        Assert.Equal(exact.Id, seen[0]);
        Assert.Equal(prefixes.Select(p => p.Id).Order(), seen.Skip(1).Take(3).Order());
        Assert.Equal(new[] { inside.Id, names[0].Id, names[1].Id }.Order(), seen.Skip(4).Order());
        Assert.DoesNotContain(names[2].Id, seenByGuest); // similar, but holding no more than a part of the term
        Assert.DoesNotContain(deleted.Id, seenByGuest);
        Assert.DoesNotContain(deactivated.Id, seenByGuest);
        Assert.Contains(blocked.Id, seenByGuest); // a guest blocks no one and no one blocks a guest
        Assert.Contains(blocker.Id, seenByGuest);
        Assert.Equal([exact.Id], await SearchAsync(stem, viewer, limit: 1));
    }

    [Fact]
    public async Task Like_wildcards_and_the_escape_character_in_a_term_are_text()
    {
        var stem = Stem("m");
        var percent = await NamedAsync(Stem("z"), $"{stem} 50% off");
        var fifty = await NamedAsync(Stem("z"), $"{stem} 500 off");
        var underscore = await NamedAsync(Stem("z"), $"{stem} a_b");
        var anyChar = await NamedAsync(Stem("z"), $"{stem} axb");
        var backslash = await NamedAsync(Stem("z"), $"{stem} c\\d");
        await NamedAsync(Stem("z"), $"{stem} cd");

        Assert.Equal([percent.Id], await SearchAsync($"{stem} 50%", null));
        Assert.Equal([underscore.Id], await SearchAsync($"{stem} a_b", null));
        Assert.Equal([backslash.Id], await SearchAsync($"{stem} c\\d", null));
        Assert.Equal(new[] { percent.Id, fifty.Id }.Order(), (await SearchAsync($"{stem} 50", null)).Order());
        Assert.Contains(anyChar.Id, await SearchAsync(stem, null));
    }

    [Fact]
    public async Task A_term_more_names_hold_than_the_candidates_still_pages_the_nearest_first()
    {
        var stem = Stem("n");
        // Far names first, so that neither insertion order nor username order would bring the near ones up.
        var far = await ManyNamedAsync(DiscoverySql.SearchCandidates + 20, i => $"{stem} padded out to a far longer name {100 + i}");
        var near = new List<Guid>();
        for (var i = 0; i < 5; i++) near.Add((await NamedAsync(Stem("z"), $"{stem} {new string('x', i + 1)}")).Id);

        var top = await SearchAsync(stem, null, limit: 5);
        var page = await SearchAsync(stem, null, limit: 20);

        Assert.Equal(await EveryMatchRankedAsync(stem, null, limit: 5), top);
        Assert.Equal(near.Order(), top.Order());
        Assert.Equal(top, page.Take(5));
        // The far names all tie in similarity and outnumber the candidates: which of them fill the page is the index's
        // pick among equals, not the username order (docs/social-graph.md "Search").
        Assert.Equal(15, page.Skip(5).Distinct().Count(id => far.Contains(id)));
    }

    [Fact]
    public async Task Blocked_accounts_take_no_candidates_place()
    {
        var stem = Stem("p");
        var viewer = await _w.UserAsync();
        var nearest = await ManyNamedAsync(DiscoverySql.SearchCandidates + 10, i => $"{stem} {i}");
        await SocialWorld.ExecuteAsync("INSERT INTO blocks (blocker_id, blocked_id) SELECT @viewer, unnest(@nearest)",
            new { viewer = viewer.Id, nearest = nearest.ToArray() });
        var further = new List<Guid>();
        for (var i = 0; i < 3; i++) further.Add((await NamedAsync(Stem("z"), $"{stem} and a far longer name {i}")).Id);

        var seen = await SearchAsync(stem, viewer);

        Assert.Equal(further.Order(), seen.Order());
        Assert.Equal(await EveryMatchRankedAsync(stem, viewer), seen);
    }

    private static string Stem(string letter) => letter + Guid.NewGuid().ToString("N")[..12];

    private async Task<List<Guid>> SearchAsync(string term, SocialUser? viewer, int limit = 20) =>
        await _w.IdsAsync($"/api/v1/users/search?q={Uri.EscapeDataString(term)}&limit={limit}", viewer);

    private static async Task<List<Guid>> EveryMatchRankedAsync(string term, SocialUser? viewer, int limit = 20)
    {
        var escaped = LikePattern.Escape(term);
        await using var conn = await (await TestDatabase.GetAsync()).OpenConnectionAsync();
        return (await conn.QueryAsync<Guid>(EveryMatchRanked,
            new { viewer = viewer?.Id, term, prefix = escaped + "%", contains = "%" + escaped + "%", limit })).ToList();
    }

    private async Task<SocialUser> NamedAsync(string username, string fullName)
    {
        var user = await _w.UserAsync(fullName: fullName);
        await SocialWorld.ExecuteAsync("UPDATE users SET username = @username WHERE id = @Id", new { username, user.Id });
        return user with { Username = username };
    }

    /// <summary>Accounts with made-up usernames and the given full names, in one statement.</summary>
    private static async Task<List<Guid>> ManyNamedAsync(int count, Func<int, string> fullName)
    {
        var ids = Enumerable.Range(0, count).Select(_ => Guid.CreateVersion7()).ToArray();
        var names = Enumerable.Range(0, count).Select(fullName).ToArray();
        await SocialWorld.ExecuteAsync("""
            INSERT INTO users (id, email, username, hashed_password, full_name)
            SELECT id, 'z' || replace(id::text, '-', '') || '@example.com', 'z' || right(replace(id::text, '-', ''), 29), 'x', name
            FROM unnest(@ids, @names) AS t(id, name)
            """, new { ids, names });
        return ids.ToList();
    }
}
