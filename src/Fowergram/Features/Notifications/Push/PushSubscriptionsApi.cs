using System.Buffers.Text;
using Dapper;
using Fowergram.Platform;
using Fowergram.Platform.Auth;
using Fowergram.Platform.Content;
using Fowergram.Platform.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Fowergram.Features.Notifications.Push;

/// <summary>
/// The caller's browsers that receive push notifications (docs/social-graph.md "Push notifications"): GET /push/key, then
/// POST, GET and DELETE /users/me/push-subscriptions. A subscription belongs to the session that registered it.
/// </summary>
public sealed class PushSubscriptionsApi(NpgsqlDataSource db, AccessTokens tokens, VapidKeys vapid, FcmSender fcm, ApnsSender apns,
    IOptions<PushOptions> options,
    TimeProvider time)
{
    /// <summary>Browsers and devices an account may have subscribed at once (each a signed-in session).</summary>
    public const int MaxPerAccount = 10;
    public const int EndpointMax = 2048;
    public const int FcmTokenMin = 20, FcmTokenMax = 1024;
    public const int ApnsTokenMin = 64, ApnsTokenMax = 200;

    private readonly IReadOnlyList<PushOrigin> _origins = options.Value.Origins();

    /// <summary>Anyone may read it: it is the same for everyone, and a browser needs it to subscribe.</summary>
    public Task<IResult> Key(HttpRequest request, CancellationToken ct) => Task.FromResult(Api.Ok(new PushKeyView(vapid.PublicKey, fcm.Enabled, apns.Enabled)));

    /// <summary>201 a new subscription, 200 the same browser again; 400 naming the member; 409 at the cap.</summary>
    public async Task<IResult> Subscribe(HttpRequest request, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        var body = await JsonBody.ReadAsync<PushSubscriptionRequest>(request, ct);
        if (body.Error is not null) return body.Error;
        var input = body.Value!;
        var validation = new Validation();
        string? endpoint;
        byte[]? p256dh = null, auth = null;
        var kind = input.FcmToken is not null ? "fcm" : input.ApnsToken is not null ? "apns" : "web";
        if (kind == "fcm")
        {
            endpoint = FcmToken(input, validation);
        }
        else if (kind == "apns")
        {
            endpoint = ApnsToken(input, validation);
        }
        else
        {
            endpoint = Endpoint(input.Endpoint, validation);
            if (input.Keys is null) validation.Add("keys", "This field is required: {p256dh, auth}, as the browser gives them.");
            p256dh = input.Keys is null ? null : Key(input.Keys.P256dh, "keys.p256dh", 65, validation);
            auth = input.Keys is null ? null : Key(input.Keys.Auth, "keys.auth", 16, validation);
            if (p256dh is not null && !WebPushEncryption.IsPublicKey(p256dh)) validation.Add("keys.p256dh", "Must be a P-256 public key (65 bytes, uncompressed), as the browser gives it.");
        }
        if (!validation.IsValid) return validation.ToProblem();

        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var now = time.GetUtcNow();
        var args = new { userId = caller.UserId, endpoint, now };
        if (!await conn.ExecuteScalarAsync<bool>(new CommandDefinition(PushSubscriptionsSql.LockOwner, args, tx, cancellationToken: ct)))
            return Problems.AccountGone();
        await conn.ExecuteAsync(new CommandDefinition(PushSubscriptionsSql.LockEndpoint, args, tx, cancellationToken: ct));
        await conn.ExecuteAsync(new CommandDefinition(PushSubscriptionsSql.DropEnded, args, tx, cancellationToken: ct));
        if (await conn.ExecuteScalarAsync<long>(new CommandDefinition(PushSubscriptionsSql.CountOthers, args, tx, cancellationToken: ct)) >= MaxPerAccount)
            return Problems.Conflict($"An account receives push notifications on at most {MaxPerAccount} browsers and apps: remove one first.");
        await conn.ExecuteAsync(new CommandDefinition(PushSubscriptionsSql.TakeFromOthers, args, tx, cancellationToken: ct));
        var row = await conn.QuerySingleAsync<PushSubscriptionRow>(new CommandDefinition(PushSubscriptionsSql.Upsert, new
        {
            id = Ids.New(time), userId = caller.UserId, sessionId = caller.SessionId, kind, endpoint, p256dh, auth, now,
        }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return row.Created ? Api.Created($"/api/v1/users/me/push-subscriptions/{row.Id}", row.ToView()) : Api.Ok(row.ToView());
    }

    /// <summary>The account's subscriptions of sessions still running, newest first.</summary>
    public async Task<IResult> List(HttpRequest request, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        await using var conn = await db.OpenConnectionAsync(ct);
        if (!await People.IsLiveAsync(conn, null, caller.UserId, ct)) return Problems.AccountGone();
        var rows = await conn.QueryAsync<PushSubscriptionRow>(new CommandDefinition(PushSubscriptionsSql.List,
            new { userId = caller.UserId, sessionId = caller.SessionId, now = time.GetUtcNow() }, cancellationToken: ct));
        return Api.Ok(new PushSubscriptionList(rows.Select(r => r.ToView()).ToList()));
    }

    /// <summary>204; 404 for an unknown id or someone else's subscription (what the browser's unsubscribe calls).</summary>
    public async Task<IResult> Delete(HttpRequest request, string id, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!Guid.TryParse(id, out var subscriptionId)) return Problems.NotFound("push subscription");
        await using var conn = await db.OpenConnectionAsync(ct);
        var deleted = await LiveCaller.RunAsync(conn, PushSubscriptionsSql.Delete, new { id = subscriptionId, userId = caller.UserId }, ct);
        return !deleted.Live ? Problems.AccountGone() : deleted.Written == 0 ? Problems.NotFound("push subscription") : Api.NoContent();
    }

    private string? Endpoint(string? text, Validation validation)
    {
        if (string.IsNullOrEmpty(text)) validation.Add("endpoint", "This field is required.");
        else if (text.Length > EndpointMax) validation.Add("endpoint", $"At most {EndpointMax} characters.");
        // Uri forgives a scheme in capitals and white space around the URL; the text itself is what is stored and sent, and the
        // table takes only "http(s)://…" (a capital scheme was a CHECK violation: a 500), so it must already be the URL as given.
        else if (!text.StartsWith("https://", StringComparison.Ordinal) && !text.StartsWith("http://", StringComparison.Ordinal)
                 || text.Any(char.IsWhiteSpace) || !TextRules.IsOneLine(text)
                 || !Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.UserInfo.Length > 0 || uri.Fragment.Length > 0)
            validation.Add("endpoint", "Must be the push service's URL the browser gave.");
        else if (!_origins.Any(o => o.Allows(uri)))
            validation.Add("endpoint", "Not a push service Fowergram sends to (Chrome's, Firefox's, Safari's or Edge's).");
        else return text;
        return null;
    }

    /// <summary>An app's FCM registration token: only when this server sends through FCM, and not beside a browser's subscription.</summary>
    private string? FcmToken(PushSubscriptionRequest input, Validation validation)
    {
        var token = input.FcmToken!;
        if (input.Endpoint is not null || input.Keys is not null || input.ApnsToken is not null)
            validation.Add("fcmToken", "Send one of a browser's subscription ({endpoint, keys}), an app's fcmToken or its apnsToken.");
        else if (!fcm.Enabled)
            validation.Add("fcmToken", "This server does not send app pushes: Firebase Cloud Messaging is not configured (GET /push/key says so).");
        else if (token.Length is < FcmTokenMin or > FcmTokenMax || !token.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or ':' or '-'))
            validation.Add("fcmToken", $"Must be the registration token FCM gave the app ({FcmTokenMin} to {FcmTokenMax} letters, digits, '_', ':' or '-').");
        else return token;
        return null;
    }

    /// <summary>An iOS app's APNs device token (hex; stored lowercase): only when this server sends to APNs, and alone.</summary>
    private string? ApnsToken(PushSubscriptionRequest input, Validation validation)
    {
        var token = input.ApnsToken!;
        if (input.Endpoint is not null || input.Keys is not null)
            validation.Add("apnsToken", "Send one of a browser's subscription ({endpoint, keys}), an app's fcmToken or its apnsToken.");
        else if (!apns.Enabled)
            validation.Add("apnsToken", "This server does not send to APNs: Push:Apns is not configured (GET /push/key says so).");
        else if (token.Length is < ApnsTokenMin or > ApnsTokenMax || !token.All(char.IsAsciiHexDigit))
            validation.Add("apnsToken", $"Must be the device token APNs gave the app, in hex ({ApnsTokenMin} to {ApnsTokenMax} digits).");
        else return token.ToLowerInvariant();
        return null;
    }

    private static byte[]? Key(string? text, string field, int length, Validation validation)
    {
        if (string.IsNullOrEmpty(text))
        {
            validation.Add(field, "This field is required.");
            return null;
        }
        try
        {
            var bytes = Base64Url.DecodeFromChars(text.TrimEnd('='));
            if (bytes.Length == length) return bytes;
        }
        catch (FormatException) { }
        validation.Add(field, $"Must be the base64url of {length} bytes, as the browser gives it.");
        return null;
    }
}
