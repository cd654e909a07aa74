using System.Text.Json;
using Dapper;
using Fowergram.Platform.Http;
using Fowergram.Platform.Media;
using Npgsql;

namespace Fowergram.Features.Reels;

/// <summary>
/// Scheduled reels' reads and their publication, shared by the routes and the scheduled-reels job: a reel is published by
/// <see cref="ReelWriter.InsertAsync"/> from its stored request and the claim made when it was scheduled, exactly as
/// POST /reels writes one, and its row goes in the same transaction.
/// </summary>
public sealed class ScheduledReels(ReelWriter writer, MediaUploads uploads)
{
    /// <summary>The owner's scheduled reels (all, or the one <paramref name="id"/>), soonest first, with signed read URLs of their videos.</summary>
    internal async Task<IReadOnlyList<ScheduledReelView>> OwnedAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, Guid userId, Guid? id,
        CancellationToken ct)
    {
        var rows = await conn.QueryAsync<ScheduledReelRow>(new CommandDefinition(ScheduledReelsSql.Owned, new { userId, id }, tx, cancellationToken: ct));
        var views = new List<ScheduledReelView>();
        foreach (var row in rows) views.Add(await ViewAsync(row, ct));
        return views;
    }

    /// <summary>
    /// Writes the reel now and removes its row, in <paramref name="tx"/> (the caller holds the row's lock). The sound and
    /// the remixed reel are checked again — either may be gone, or remixing turned off, since it was scheduled — and a
    /// refusal, like a stored request that no longer passes the rules, throws <see cref="ScheduledReelRefused"/>: the
    /// caller rolls back and the reel stays scheduled for its owner to edit or cancel.
    /// </summary>
    internal async Task<Guid> PublishAsync(NpgsqlConnection conn, NpgsqlTransaction tx, ScheduledReelRow row, CancellationToken ct)
    {
        var reel = ReelRules.Validate(Request(row), new Validation())
            ?? throw new ScheduledReelRefused("It no longer passes the rules for reels (edit its caption or location, or cancel it).");
        var (remixOf, refused, field) = await ReelWriter.CheckAsync(conn, tx, row.UserId, reel, ct);
        if (refused is not null)
            throw new ScheduledReelRefused(field == "audioTrackId"
                ? "Its sound is no longer available (cancel it, and schedule it again with another sound)."
                : "The reel it remixes is gone or can no longer be remixed (cancel it, or ask its author to allow remixing).");
        var reelId = await writer.InsertAsync(conn, tx, row.UserId, reel,
            new ReelClaim(row.UploadId, row.ObjectName, row.DurationSeconds, row.Width, row.Height), remixOf, ct);
        await conn.ExecuteAsync(new CommandDefinition(ScheduledReelsSql.Published, new { id = row.Id }, tx, cancellationToken: ct));
        return reelId;
    }

    internal static CreateReelRequest Request(ScheduledReelRow row) =>
        JsonSerializer.Deserialize<CreateReelRequest>(row.Request, ApiJson.Options)
        ?? throw new InvalidOperationException($"Scheduled reel {row.Id} holds no request.");

    internal static string Store(CreateReelRequest request) => JsonSerializer.Serialize(request, ApiJson.Options);

    private async Task<ScheduledReelView> ViewAsync(ScheduledReelRow row, CancellationToken ct)
    {
        var request = Request(row);
        // The owner's own claimed upload: the owner may read it (as an author reads a reel's video).
        var url = await uploads.CreateReadUrlAsync(row.ObjectName, row.ContentType, ct);
        return new ScheduledReelView(row.Id, row.PublishAt, request.Caption ?? "", request.Location, request.CommentsDisabled ?? false,
            request.LikesDisabled ?? false, request.AllowRemix, request.AudioTrackId, request.RemixOfId,
            new ScheduledReelVideo(row.UploadId, url.Url.AbsoluteUri, url.ExpiresAt, row.ContentType, row.DurationSeconds, row.Width, row.Height),
            row.CreatedAt, row.UpdatedAt, row.FailedAt is { } failedAt ? new ScheduledReelFailure(failedAt, row.Failure ?? "") : null);
    }
}

/// <summary>A scheduled reel that cannot be published as it stands; the message is the reason its owner is shown.</summary>
internal sealed class ScheduledReelRefused(string reason) : InvalidOperationException(reason);
