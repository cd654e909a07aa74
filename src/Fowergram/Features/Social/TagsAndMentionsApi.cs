using Fowergram.Platform.Auth;
using Fowergram.Platform.Content;
using Fowergram.Platform.Http;
using Fowergram.Platform.Profiles;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Fowergram.Features.Social;

/// <summary>
/// Who may tag the caller in photos and mention them (docs/social-graph.md "Tags and mentions", migration 0125):
/// everyone, only the accounts the caller follows, or nobody. Enforced where names resolve (People.ResolveAsync, a story's
/// mention sticker); tags and mentions made before a change stay.
/// </summary>
public sealed class TagsAndMentionsApi(NpgsqlDataSource db, AccessTokens tokens, TimeProvider time)
{
    public static readonly string[] Choices = ["everyone", "following", "nobody"];

    private const string Read = "SELECT allow_tags AS tags, allow_mentions AS mentions FROM users WHERE id = @viewer AND is_active AND deleted_at IS NULL";

    private const string Set = """
        UPDATE users SET allow_tags = @tags, allow_mentions = @mentions, updated_at = @now
         WHERE id = @viewer AND is_active AND deleted_at IS NULL AND (allow_tags, allow_mentions) IS DISTINCT FROM (@tags, @mentions)
        """;

    public async Task<IResult> Get(HttpRequest request, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        return await OwnSettings.GetAsync<TagsAndMentionsSettings>(db, Read, caller.UserId, ct);
    }

    public async Task<IResult> Put(HttpRequest request, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        var body = await JsonBody.ReadAsync<TagsAndMentionsRequest>(request, ct);
        if (body.Error is not null) return body.Error;
        var errors = new Validation().Required("tags", body.Value!.Tags).OneOf("tags", body.Value.Tags, Choices)
            .Required("mentions", body.Value.Mentions).OneOf("mentions", body.Value.Mentions, Choices);
        if (!errors.IsValid) return errors.ToProblem();
        return await OwnSettings.PutAsync<TagsAndMentionsSettings>(db, Set,
            new { viewer = caller.UserId, body.Value.Tags, body.Value.Mentions, now = Timestamps.Now(time) }, Read, caller.UserId, ct);
    }
}

/// <summary>Who may tag the account (tags) and mention it (mentions): everyone, following (the accounts it follows) or nobody.</summary>
public sealed record TagsAndMentionsSettings(string Tags, string Mentions);

/// <summary>PUT /users/me/tags-and-mentions: both settings.</summary>
public sealed record TagsAndMentionsRequest(string? Tags, string? Mentions);
