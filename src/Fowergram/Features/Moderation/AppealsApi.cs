using Dapper;
using Fowergram.Features.Accounts;
using Fowergram.Platform;
using Fowergram.Platform.Auth;
using Fowergram.Platform.Content;
using Fowergram.Platform.Events;
using Fowergram.Platform.Http;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Fowergram.Features.Moderation;

/// <summary>
/// Appeals of suspensions (docs/moderation.md "Appeals", migration 0119). A suspended account appeals with its password,
/// once per suspension (POST /auth/appeals: 201, or 200 with the appeal already made); moderators read the open ones oldest
/// first and decide each: reversed lifts the suspension, upheld leaves it. The owner is told by e-mail (AppealMailConsumer),
/// and by the login's answer.
/// </summary>
public sealed class AppealsApi(NpgsqlDataSource db, AccessTokens tokens, Credentials credentials, LoginThrottle throttle, AddressLimit addresses,
    TimeProvider time)
{
    public const int MessageLimit = 2000;
    private const int NotesLimit = 2000;
    private static readonly string[] Outcomes = ["reversed", "upheld"];

    public async Task<IResult> Appeal(HttpRequest request, CancellationToken ct)
    {
        var body = await JsonBody.ReadAsync<AppealRequest>(request, ct);
        if (body.Error is not null) return body.Error;
        var input = body.Value!;
        var login = (input.Login ?? "").Trim().ToLowerInvariant();
        // Required, so invisible characters alone are "required" too (TextRules.IsBlank); composed before it is measured.
        var message = string.IsNullOrWhiteSpace(input.Message) ? null : await ComposedText.WrittenAsync(db, input.Message.Trim(), MessageLimit, ct);
        var validation = new Validation().Required("login", input.Login).MaxLength("login", login, AccountRules.EmailMax)
            .Required("message", message).MaxLength("message", message, MessageLimit);
        if (string.IsNullOrEmpty(input.Password)) validation.Add("password", "This field is required.");
        if (!validation.IsValid) return validation.ToProblem();
        // A password check like a login's, so it counts with the logins: otherwise spraying would simply move here.
        if (await addresses.TakeAsync(request, AddressLimit.SignIn, ct) is { } limited) return limited;

        var (account, _, problem) = await credentials.CheckAsync(login, input.Password!, ct);
        if (problem is not null) return problem;
        // As at login, two-factor sign-in asks a code with the password: the password alone must not read or write appeals.
        if (await credentials.SecondFactorProblemAsync(account!.Id, account.TwoFactor, input.Code, ct) is { } wrongCode) return wrongCode;
        await throttle.ClearAsync(account.Id, ct);
        if (!await credentials.StillSuspendedAsync(account, ct))
            return Problems.Conflict("This account is not suspended: log in as usual.");

        await using var conn = await db.OpenConnectionAsync(ct);
        var args = new { id = Ids.New(time), userId = account.Id, message, now = Timestamps.Now(time) };
        // A second try sees an appeal that a concurrent request of the same owner committed meanwhile.
        var row = await CreateAsync(conn, args, ct) ?? await CreateAsync(conn, args, ct);
        if (row is null) return Problems.Conflict("This account is not suspended: log in as usual."); // lifted meanwhile
        return row.Created ? Api.Created($"/api/v1/moderation/appeals/{row.Id}", row.ToView()) : Api.Ok(row.ToView());
    }

    /// <summary>Open appeals, oldest first.</summary>
    public async Task<IResult> Queue(HttpRequest request, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        await using var conn = await db.OpenConnectionAsync(ct);
        if (await Moderators.RefusalAsync(conn, caller.UserId, ct) is { } refused) return refused;
        if (!PageRequest.TryRead(request, out var page, out var invalid)) return invalid!;
        return Api.Ok((await KeysetQuery.PageAsync<AppealRow>(conn, AppealsSql.Queue, page, new { },
            r => new Cursor(r.CreatedAt, r.Id), ct)).Map(r => r.ToModerated()));
    }

    public Task<IResult> Get(HttpRequest request, string id, CancellationToken ct) =>
        Moderators.OneAsync<AppealRow>(db, tokens, request, id, "appeal", AppealsSql.One, (_, row) => Task.FromResult<object>(row.ToModerated()), ct);

    /// <summary>
    /// Decides an open appeal (409 once decided, or closed because its suspension ended another way). Reversed lifts the
    /// suspension as DELETE /moderation/suspensions/{username} would; upheld changes nothing else.
    /// </summary>
    public async Task<IResult> Decide(HttpRequest request, string id, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        await using var conn = await db.OpenConnectionAsync(ct);
        // Who asks before what they sent: a non-moderator's refusal must not depend on (and so teach) the body's shape.
        if (await Moderators.RefusalAsync(conn, caller.UserId, ct) is { } refused) return refused;
        var body = await JsonBody.ReadAsync<DecideAppealRequest>(request, ct);
        if (body.Error is not null) return body.Error;
        var notes = string.IsNullOrWhiteSpace(body.Value!.Notes) ? null : body.Value.Notes.Trim();
        var errors = new Validation().Required("outcome", body.Value.Outcome).OneOf("outcome", body.Value.Outcome, Outcomes)
            .MaxLength("notes", notes, NotesLimit).Visible("notes", notes);
        if (!Guid.TryParse(id, out var appealId)) return Problems.NotFound("appeal");
        if (!errors.IsValid) return errors.ToProblem();

        await using var tx = await conn.BeginTransactionAsync(ct);
        var userId = await conn.ExecuteScalarAsync<Guid?>(new CommandDefinition(AppealsSql.Appellant, new { id = appealId }, tx, cancellationToken: ct));
        if (userId is null) return Problems.NotFound("appeal");
        // The suspension first, then the appeal: the order every lift takes (moderator, expiry job, login), so none deadlocks with this.
        await conn.ExecuteAsync(new CommandDefinition(AppealsSql.LockSuspension, new { userId }, tx, cancellationToken: ct));
        var now = Timestamps.Now(time);
        var decided = await conn.ExecuteScalarAsync<Guid?>(new CommandDefinition(AppealsSql.Decide,
            new { id = appealId, outcome = body.Value.Outcome, now, moderator = caller.UserId, notes }, tx, cancellationToken: ct));
        if (decided is null)
        {
            var status = (await ReadAsync(conn, tx, appealId, ct))?.Status;
            return Problems.Conflict($"This appeal is already closed ({status}).");
        }
        if (body.Value.Outcome == "reversed")
            await conn.ExecuteAsync(new CommandDefinition(SuspensionsSql.Lift, new { userId, now }, tx, cancellationToken: ct));
        await Outbox.EnqueueAsync(conn, tx, time, AppealEvents.Decided, null, new AppealDecidedPayload(appealId, userId.Value), ct);
        var row = await ReadAsync(conn, tx, appealId, ct);
        await tx.CommitAsync(ct);
        return Api.Ok(row!.ToModerated());
    }

    private static Task<AppealRow?> CreateAsync(NpgsqlConnection conn, object args, CancellationToken ct) =>
        conn.QuerySingleOrDefaultAsync<AppealRow>(new CommandDefinition(AppealsSql.Create, args, cancellationToken: ct));

    private static Task<AppealRow?> ReadAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, Guid id, CancellationToken ct) =>
        conn.QuerySingleOrDefaultAsync<AppealRow>(new CommandDefinition(AppealsSql.One, new { id }, tx, cancellationToken: ct));
}
