using Dapper;
using Npgsql;
using VisibilityPolicy = Fowergram.Platform.Visibility.Visibility;

namespace Fowergram.Platform.Content;

/// <summary>The author block of posts, comments and lists.</summary>
public sealed record UserSummary(Guid Id, string Username, string FullName, string? Avatar, bool IsVerified);

/// <summary>What a writer does to the accounts they name: tag them in a photo, or mention them in words.</summary>
public enum Involvement { Mention, Tag }

/// <summary>Usernames named in text (mentions) or tags, resolved to accounts the writer may involve.</summary>
public static class People
{
    // Unknown, deleted, deactivated and blocked (either way) accounts simply do not resolve: the writer
    // learns nothing about them, and nobody is mentioned or tagged across a block, nor against their setting (0125).
    private static string ResolveSql(Involvement involvement) => $"""
        SELECT u.id, lower(u.username) AS username FROM users u
        WHERE lower(u.username) = ANY(@names) AND u.deleted_at IS NULL AND u.is_active
          AND NOT {VisibilityPolicy.BlockedBetween("@writer", "u.id")} AND {Allows(involvement, "@writer", "u")}
        """;

    private static readonly string ResolveMentions = ResolveSql(Involvement.Mention);
    private static readonly string ResolveTags = ResolveSql(Involvement.Tag);

    /// <summary>
    /// The account (alias <paramref name="user"/>) lets <paramref name="writer"/> tag or mention it (users.allow_tags,
    /// allow_mentions, migration 0125: everyone, the accounts it follows, or nobody; its own name always).
    /// </summary>
    public static string Allows(Involvement involvement, string writer, string user)
    {
        var column = involvement == Involvement.Tag ? "allow_tags" : "allow_mentions";
        return $"({user}.id = {writer} OR {user}.{column} = 'everyone' OR ({user}.{column} = 'following' AND EXISTS "
            + $"(SELECT 1 FROM follows af WHERE af.follower_id = {user}.id AND af.following_id = {writer})))";
    }

    public static async Task<IReadOnlyDictionary<string, Guid>> ResolveAsync(NpgsqlConnection conn, NpgsqlTransaction? tx,
        Guid writer, IReadOnlyCollection<string> usernames, Involvement involvement, CancellationToken ct)
    {
        if (usernames.Count == 0) return new Dictionary<string, Guid>();
        var names = usernames.Select(n => n.ToLowerInvariant()).Distinct().ToArray();
        var rows = await conn.QueryAsync<(Guid Id, string Username)>(new CommandDefinition(
            involvement == Involvement.Tag ? ResolveTags : ResolveMentions, new { names, writer }, tx, cancellationToken: ct));
        return rows.ToDictionary(r => r.Username, r => r.Id, StringComparer.Ordinal);
    }

    /// <summary>True when the account behind a token still exists and is active (tokens outlive accounts).</summary>
    public static Task<bool> IsLiveAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, Guid userId, CancellationToken ct) =>
        conn.ExecuteScalarAsync<bool>(new CommandDefinition(
            "SELECT EXISTS (SELECT 1 FROM users WHERE id = @userId AND deleted_at IS NULL AND is_active)", new { userId }, tx, cancellationToken: ct));

    /// <summary>
    /// As <see cref="IsLiveAsync"/>, and the account's row key-share locked until <paramref name="tx"/> ends: a purge waits for
    /// the write that names it (else its insert failed a foreign key, a 500).
    /// </summary>
    public static async Task<bool> LockLiveAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid userId, CancellationToken ct) =>
        await conn.ExecuteScalarAsync<bool?>(new CommandDefinition(
            "SELECT true FROM users WHERE id = @userId AND deleted_at IS NULL AND is_active FOR KEY SHARE", new { userId }, tx, cancellationToken: ct)) is true;
}
