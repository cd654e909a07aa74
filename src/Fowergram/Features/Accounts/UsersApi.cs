using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using Fowergram.Features.Insights;
using Fowergram.Platform.Auth;
using Fowergram.Platform.Content;
using Fowergram.Platform.Events;
using Fowergram.Platform.Http;
using Fowergram.Platform.Profiles;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Fowergram.Features.Accounts;

/// <summary>GET/PATCH /users/me and GET /users/{username}.</summary>
public sealed class UsersApi(NpgsqlDataSource db, AccessTokens accessTokens, TimeProvider time, IEnumerable<IProfileSection> sections)
{
    public async Task<IResult> GetMe(HttpRequest request, CancellationToken ct)
    {
        if (accessTokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        await using var conn = await db.OpenConnectionAsync(ct);
        var row = await conn.QuerySingleOrDefaultAsync<UserRow>(new CommandDefinition(UsersSql.Me, new { id = caller.UserId }, cancellationToken: ct));
        return row is null ? Problems.AccountGone() : Api.Ok(ProfileViews.Me(row));
    }

    public async Task<IResult> PatchMe(HttpRequest request, CancellationToken ct)
    {
        if (accessTokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        // Read as a document, not a JsonNode: only the document reader turns duplicate members into a
        // JsonException (400); JsonNode throws ArgumentException for them, which would surface as a 500.
        var body = await JsonBody.ReadAsync<JsonDocument>(request, ct);
        if (body.Error is not null) return body.Error;
        using var document = body.Value!;
        if (document.RootElement.ValueKind != JsonValueKind.Object)
            return Problems.BadRequest("The request body must be a JSON object (a merge patch).");
        var patch = JsonObject.Create(document.RootElement.Clone())!;
        // The name and bio are composed before they are checked (docs/api.md "Composed text"): search finds the name either way.
        // So are the link titles and business details nested in it, in the same round trip.
        await ComposedText.WrittenAsync(db, [(patch, "fullName", AccountRules.FullNameMax), (patch, "bio", AccountRules.BioMax),
            .. ProfileLinks.ComposedMembers(patch)], ct);
        var validation = new Validation();
        var changes = MePatch.Parse(patch, DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime), validation);
        if (!validation.IsValid) return validation.ToProblem();
        if (!changes.Any) return await GetMe(request, ct);

        var now = time.GetUtcNow();
        var parameters = new DynamicParameters(changes);
        parameters.Add("id", caller.UserId);
        parameters.Add("now", now);
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        try
        {
            // The row lock orders this change against follow requests being decided (the social graph
            // reads is_private FOR SHARE), so account.privacy_changed sees every request made before it.
            // Taken before the rename's lock of the same row, so that one never has to be strengthened while held.
            var wasPrivate = changes.SetIsPrivate
                ? await conn.ExecuteScalarAsync<bool?>(new CommandDefinition(UsersSql.PrivacyForUpdate, new { id = caller.UserId }, tx, cancellationToken: ct))
                : null;
            string? oldUsername = null;
            if (changes.SetUsername)
            {
                (oldUsername, var refused) = await UsernameChanges.PrepareRenameAsync(conn, tx, caller.UserId, changes.Username!, now, ct);
                if (refused is not null) return refused;
            }
            var row = await conn.QuerySingleOrDefaultAsync<UserRow>(new CommandDefinition(UsersSql.Patch, parameters, tx, cancellationToken: ct));
            if (row is null) return Problems.AccountGone();
            if (oldUsername is not null)
                await UsernameChanges.RecordAsync(conn, tx, time, row.Id, oldUsername, row.Username, now, ct);
            if (wasPrivate is { } before && before != row.IsPrivate)
                await Outbox.EnqueueAsync(conn, tx, time, AccountEvents.PrivacyChanged, row.Id, new PrivacyChangedPayload(row.Id, row.IsPrivate), ct);
            await tx.CommitAsync(ct);
            return Api.Ok(ProfileViews.Me(row));
        }
        catch (PostgresException ex) when (AccountConflicts.FromUniqueViolation(ex) is { } conflict)
        {
            return conflict;
        }
    }

    /// <summary>
    /// Anyone may look. Unknown, disabled and deleted accounts, and accounts blocked either way by the
    /// caller, are all simply not found. Other areas add their sections (counts, relationship). The account is named by
    /// its username or, as the seed's GET /users/:id has it, by its id (a UUID is never username-shaped). A signed-in
    /// account's look at someone else's profile is a profile visit, counted in the owner's insights.
    /// </summary>
    public async Task<IResult> GetProfile(HttpRequest request, string username, CancellationToken ct)
    {
        if (!accessTokens.TryReadViewer(request, out var caller)) return Problems.InvalidToken();
        var byId = Guid.TryParse(username, out var id);
        var name = AccountRules.NormalizeUsername(username);
        if (!byId && !AccountRules.IsUsernameShaped(name)) return Problems.NotFound("user");
        var viewer = caller?.UserId;
        await using var conn = await db.OpenConnectionAsync(ct);
        var row = await conn.QuerySingleOrDefaultAsync<UserRow>(new CommandDefinition(byId ? UsersSql.VisibleById : UsersSql.VisibleByUsername,
            new { username = name, id, viewer }, cancellationToken: ct));
        if (row is null) return await GoneCaller.NotFoundAsync(conn, viewer, "user", ct);
        if (viewer is { } visitor) await ProfileVisits.RecordAsync(conn, row.Id, visitor, time.GetUtcNow(), ct);
        var view = ProfileViews.Public(row);
        var context = new ProfileSectionContext(conn, viewer, row.Id);
        foreach (var section in sections) await section.AddToAsync(context, view.Sections, ct);
        return Api.Ok(view);
    }
}
