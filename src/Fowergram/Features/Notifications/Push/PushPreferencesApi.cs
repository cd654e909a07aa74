using Dapper;
using Fowergram.Platform.Auth;
using Fowergram.Platform.Http;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Fowergram.Features.Notifications.Push;

/// <summary>GET and PUT /users/me/push-preferences: which notices buzz the caller's browsers (the inbox keeps them all).</summary>
public sealed class PushPreferencesApi(NpgsqlDataSource db, AccessTokens tokens, TimeProvider time)
{
    private const string Read = """
        SELECT coalesce(pp.likes, 'everyone') AS likes, coalesce(pp.comments, 'everyone') AS comments,
               coalesce(pp.mentions, 'everyone') AS mentions, coalesce(pp.follows, 'everyone') AS follows,
               coalesce(pp.followed_accounts, 'everyone') AS followedaccounts, coalesce(pp.shopping, 'everyone') AS shopping,
               coalesce(pp.messages, 'everyone') AS messages, coalesce(pp.message_requests, 'everyone') AS messagerequests,
               coalesce(pp.channels, 'everyone') AS channels
          FROM users u LEFT JOIN push_preferences pp ON pp.user_id = u.id
         WHERE u.id = @userId AND u.is_active AND u.deleted_at IS NULL
        """;

    /// <summary>Only what was sent changes (null: as it was), in one statement, so two devices' changes never undo each other's.</summary>
    private const string Upsert = """
        INSERT INTO push_preferences AS pp (user_id, likes, comments, mentions, follows, followed_accounts, shopping, messages, message_requests, channels, updated_at)
        SELECT u.id, coalesce(@likes, 'everyone'), coalesce(@comments, 'everyone'), coalesce(@mentions, 'everyone'),
               coalesce(@follows, 'everyone'), coalesce(@followedAccounts, 'everyone'), coalesce(@shopping, 'everyone'),
               coalesce(@messages, 'everyone'), coalesce(@messageRequests, 'everyone'), coalesce(@channels, 'everyone'), @now
          FROM users u WHERE u.id = @userId AND u.is_active AND u.deleted_at IS NULL
        ON CONFLICT (user_id) DO UPDATE SET
            likes = coalesce(@likes, pp.likes), comments = coalesce(@comments, pp.comments), mentions = coalesce(@mentions, pp.mentions),
            follows = coalesce(@follows, pp.follows), followed_accounts = coalesce(@followedAccounts, pp.followed_accounts),
            shopping = coalesce(@shopping, pp.shopping), messages = coalesce(@messages, pp.messages),
            message_requests = coalesce(@messageRequests, pp.message_requests), channels = coalesce(@channels, pp.channels), updated_at = @now
        """;

    public async Task<IResult> Get(HttpRequest request, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        await using var conn = await db.OpenConnectionAsync(ct);
        return await ReadAsync(conn, null, caller.UserId, ct);
    }

    /// <summary>200 the settings after the change; 400 naming each member whose value is not one of its category's.</summary>
    public async Task<IResult> Put(HttpRequest request, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        var body = await JsonBody.ReadAsync<PushPreferencesRequest>(request, ct);
        if (body.Error is not null) return body.Error;
        var input = body.Value!;
        var values = new[] { input.Likes, input.Comments, input.Mentions, input.Follows, input.FollowedAccounts, input.Shopping };
        var validation = new Validation();
        foreach (var (category, value) in PushPreferences.Categories.Zip(values))
            Check(validation, category.Member, value, category.FollowingAllowed);
        Check(validation, "messages", input.Messages, followingAllowed: false);
        Check(validation, "messageRequests", input.MessageRequests, followingAllowed: false);
        Check(validation, "channels", input.Channels, followingAllowed: false);
        if (!validation.IsValid) return validation.ToProblem();
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition(Upsert, new
        {
            userId = caller.UserId, likes = input.Likes, comments = input.Comments, mentions = input.Mentions, follows = input.Follows,
            followedAccounts = input.FollowedAccounts, shopping = input.Shopping, messages = input.Messages, messageRequests = input.MessageRequests,
            channels = input.Channels, now = time.GetUtcNow(),
        }, tx, cancellationToken: ct));
        // Read before the commit: read after it, a deactivation committing in between answered "account gone" for saved settings.
        var answer = await ReadAsync(conn, tx, caller.UserId, ct);
        await tx.CommitAsync(ct);
        return answer;
    }

    private static async Task<IResult> ReadAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, Guid userId, CancellationToken ct) =>
        await conn.QuerySingleOrDefaultAsync<PushPreferencesView>(new CommandDefinition(Read, new { userId }, tx, cancellationToken: ct))
            is { } view ? Api.Ok(view) : Problems.AccountGone();

    private static void Check(Validation validation, string member, string? value, bool followingAllowed)
    {
        if (value is null or PushPreferences.Off or PushPreferences.Everyone || (value == PushPreferences.Following && followingAllowed)) return;
        validation.Add(member, followingAllowed ? "Must be off, following or everyone." : "Must be off or everyone.");
    }
}
