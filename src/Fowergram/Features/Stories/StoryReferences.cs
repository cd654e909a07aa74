using Dapper;
using Fowergram.Features.Music;
using Fowergram.Platform.Http;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Fowergram.Features.Stories;

/// <summary>Checks a new story's references (music track, mentioned users) before anything is written.</summary>
internal static class StoryReferences
{
    /// <summary>
    /// In the story's transaction: the track is key-share locked (MusicClips), so its withdrawal from the catalogue waits for
    /// the story and then silences it, instead of failing the story's foreign key after this check passed (a 500).
    /// </summary>
    public static async Task<IResult?> ProblemAsync(NpgsqlConnection conn, NpgsqlTransaction tx, ValidStory story, CancellationToken ct)
    {
        if (story.MusicTrackId is not { } trackId) return null;
        return await MusicClips.ProblemAsync(conn, tx, trackId, story.MusicStartSeconds ?? 0, ct);
    }

    /// <summary>The ids of the mentioned users in request order; an unknown, inactive or blocked name is a 400 naming it.</summary>
    public static async Task<(IReadOnlyList<Guid> Ids, IResult? Problem)> MentionedAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid caller,
        IReadOnlyList<string> names, CancellationToken ct)
    {
        if (names.Count == 0) return ([], null);
        var found = (await conn.QueryAsync<UserRow>(new CommandDefinition(StoriesSql.MentionTargets,
            new { caller, names = names.ToArray() }, tx, cancellationToken: ct))).ToDictionary(u => u.Username.ToLowerInvariant());
        var errors = new Validation();
        var ids = new List<Guid>();
        foreach (var name in names)
        {
            if (!found.TryGetValue(name, out var user)) errors.Add("mentions", $"No such user: @{name}.");
            else if (!user.Allowed) errors.Add("mentions", $"@{name} does not allow you to mention them.");
            else ids.Add(user.Id);
        }
        return errors.IsValid ? (ids, null) : ([], errors.ToProblem());
    }

    private sealed class UserRow
    {
        public Guid Id { get; set; }
        public string Username { get; set; } = "";
        public bool Allowed { get; set; }
    }
}
