using System.Globalization;
using Dapper;
using Fowergram.Platform.Content;
using Fowergram.Platform.Auth;
using Fowergram.Platform.Http;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Fowergram.Features.Accounts;

/// <summary>
/// GET /users/{username}/about: Instagram's "About this account". Whoever may see the profile header may see it (private
/// accounts' too); the owner ("me", or its own name or id) also sees its newest former usernames, everyone else only their count.
/// </summary>
public sealed class AboutApi(NpgsqlDataSource db, AccessTokens tokens)
{
    /// <summary>
    /// The former usernames the owner's view lists, newest first; the count stays exact and the export carries them all. At the
    /// fastest a rename allows (two in 14 days) this is about a year of changes; most accounts never reach it.
    /// </summary>
    public const int FormerUsernamesShown = 50;

    public async Task<IResult> Get(HttpRequest request, string username, CancellationToken ct)
    {
        if (!tokens.TryReadViewer(request, out var caller)) return Problems.InvalidToken();
        var viewer = caller?.UserId;
        var name = AccountRules.NormalizeUsername(username);
        var isMe = name == "me";
        if (isMe && viewer is null) return Problems.Unauthorized();
        var byId = Guid.TryParse(username, out var id);
        if (isMe) (byId, id) = (true, viewer!.Value);
        else if (!byId && !AccountRules.IsUsernameShaped(name)) return Problems.NotFound("user");

        await using var conn = await db.OpenConnectionAsync(ct);
        var row = await conn.QuerySingleOrDefaultAsync<AboutRow>(new CommandDefinition(
            byId ? UsernameChangesSql.AboutById : UsernameChangesSql.AboutByUsername, new { username = name, id, viewer }, cancellationToken: ct));
        if (row is null) return isMe ? Problems.AccountGone() : await GoneCaller.NotFoundAsync(conn, viewer, "user", ct);
        var former = row.Id == viewer
            ? (await conn.QueryAsync<FormerUsernameRow>(new CommandDefinition(UsernameChangesSql.FormerUsernames,
                    new { id = row.Id, limit = FormerUsernamesShown }, cancellationToken: ct)))
                .Select(f => new FormerUsername(f.Username, f.ChangedAt)).ToList()
            : null;
        // Month precision, as Instagram's "Date joined: March 2019": the day adds nothing a visitor needs.
        var joined = row.CreatedAt.UtcDateTime.ToString("yyyy-MM", CultureInfo.InvariantCulture);
        return Api.Ok(new AccountAboutView(row.Username, joined, row.IsVerified, row.FormerUsernameCount, former));
    }
}
