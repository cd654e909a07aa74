using Dapper;
using Fowergram.Platform.Data;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Fowergram.Platform.Media;

/// <summary>
/// The one way from an upload slot to something that points at its object. Features that attach
/// media (posts, stories, reels, messages, avatars) call <see cref="ClaimAsync(NpgsqlConnection, NpgsqlTransaction, Guid, Guid, MediaPurpose, CancellationToken)"/>
/// inside the transaction that writes their row, and hand out media only through <see cref="CreateReadUrlAsync"/>
/// after their own visibility check.
/// </summary>
public sealed class MediaUploads(NpgsqlDataSource db, SideWrites sideWrites, IMediaStore store, TimeProvider time,
    ReadUrlCache readUrls, IOptions<MediaOptions> options, ILogger<MediaUploads> logger)
{
    private const string SelectSlot = """
        SELECT id, purpose, content_type, declared_size, cleaned_size, blob_name AS object_name, status, expires_at
        FROM uploads WHERE id = @uploadId AND user_id = @callerId
        """;

    /// <summary>
    /// Claims of one upload take turns (until the claiming transaction ends): the claim may replace the object
    /// (metadata removal), and a second claim reading the slot meanwhile would take the smaller object for a tampered one.
    /// An advisory lock, not the row's: the cleaned size is recorded on the row from another connection.
    /// </summary>
    private const string LockClaim = "SELECT pg_advisory_xact_lock(hashtext('upload_claims'), hashtext(@uploadId::text))";

    /// <summary>
    /// <see cref="LockClaim"/> for several uploads at once, in one order for every transaction (by lock key: two ids may
    /// share a key): a request claiming A then B and another claiming B then A would each hold one and wait for the other.
    /// The subquery's ORDER BY is the order the locks are taken in (the outer scan keeps it; nothing reorders it).
    /// </summary>
    private const string LockClaims = """
        SELECT count(pg_advisory_xact_lock(hashtext('upload_claims'), k))
          FROM (SELECT DISTINCT hashtext(id::text) AS k FROM unnest(@uploadIds::uuid[]) id ORDER BY k) keys
        """;

    // Single use: a second claim gets here only after the first's transaction ended (LockClaim) and finds status <> 'pending'.
    private const string MarkUsed = """
        UPDATE uploads SET status = 'used', used_at = @now, actual_size = @size
        WHERE id = @uploadId AND user_id = @callerId AND status = 'pending' AND expires_at > @now
        """;

    private const string RecordCleanedSize = """
        UPDATE uploads SET cleaned_size = @size WHERE id = @uploadId AND status = 'pending'
        """;

    private const string MarkRejected = """
        UPDATE uploads SET status = 'rejected', rejection_reason = @reason, actual_size = @size
        WHERE id = @uploadId AND status = 'pending'
        """;

    /// <summary>
    /// Validates the caller's upload and marks it used in <paramref name="tx"/>: the slot belongs to the
    /// caller, has <paramref name="allowedPurpose"/>, is pending and unexpired, and its object exists with
    /// exactly the declared size (within the purpose's limit) and first bytes of the declared type, and it decodes as that
    /// type (photos; videos have their structure checked: <see cref="ContentProblemAsync"/>). A failed
    /// check rejects the slot and deletes the object at once, whatever becomes of <paramref name="tx"/>.
    /// If <paramref name="tx"/> rolls back after a success, the slot is pending again.
    /// </summary>
    public async Task<UploadClaim> ClaimAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid callerId, Guid uploadId,
        MediaPurpose allowedPurpose, CancellationToken ct)
    {
        await conn.ExecuteAsync(new CommandDefinition(LockClaim, new { uploadId }, tx, cancellationToken: ct));
        var now = time.GetUtcNow();
        var slot = await conn.QuerySingleOrDefaultAsync<SlotRow>(new CommandDefinition(SelectSlot, new { uploadId, callerId }, tx, cancellationToken: ct));
        if (slot is null || !MediaPolicy.TryParsePurpose(slot.Purpose, out var purpose))
            return UploadClaim.Fail(ClaimOutcome.NotFound, "The upload does not exist or you cannot see it.");
        if (purpose != allowedPurpose)
            return UploadClaim.Fail(ClaimOutcome.WrongPurpose, $"The upload was requested for '{slot.Purpose}', not '{MediaPolicy.Name(allowedPurpose)}'.");
        if (StatusProblem(slot, now) is { } refused) return refused;

        var stored = await store.InspectAsync(slot.ObjectName, MagicNumbers.HeadLength, ct);
        if (stored is null)
            return UploadClaim.Fail(ClaimOutcome.NotUploaded, "Nothing has been uploaded for this upload id yet; PUT the bytes to its upload URL first.");
        if (Verdict(slot, purpose, stored) is { } reason)
        {
            await RejectAsync(slot, reason, stored.Size, ct);
            return UploadClaim.Fail(ClaimOutcome.Rejected, $"The uploaded file was rejected: {reason}.");
        }

        var (vanished, problem, facts, photo) = await ContentProblemAsync(slot, stored.Size, ct);
        if (problem is not null)
        {
            await RejectAsync(slot, problem, stored.Size, ct);
            return UploadClaim.Fail(ClaimOutcome.Rejected, $"The uploaded file was rejected: {problem}.");
        }
        if (vanished)
            return UploadClaim.Fail(ClaimOutcome.NotUploaded, "Nothing has been uploaded for this upload id yet; PUT the bytes to its upload URL first.");
        var size = photo is null ? stored.Size : await RemoveMetadataAsync(slot, photo, ct);
        if (await conn.ExecuteAsync(new CommandDefinition(MarkUsed, new { uploadId, callerId, now, size }, tx, cancellationToken: ct)) == 0)
        {
            // Someone else's transaction claimed, expired or rejected it since we read it.
            var current = await conn.QuerySingleAsync<SlotRow>(new CommandDefinition(SelectSlot, new { uploadId, callerId }, tx, cancellationToken: ct));
            return StatusProblem(current, now) ?? UploadClaim.Fail(ClaimOutcome.AlreadyUsed, "The upload has already been used.");
        }
        var media = new ClaimedMedia(slot.Id, purpose, slot.ObjectName, slot.ContentType, MediaPolicy.KindOf(slot.ContentType), size, facts);
        return new UploadClaim(ClaimOutcome.Claimed, media, "Claimed.");
    }

    /// <summary>
    /// Before claiming several uploads in one transaction (a carousel, a product's images): takes their claim locks in an
    /// order every transaction shares, so claims of the same uploads in other orders wait instead of deadlocking. Each
    /// <see cref="ClaimAsync(NpgsqlConnection, NpgsqlTransaction, Guid, Guid, MediaPurpose, CancellationToken)"/> then
    /// takes its lock again (advisory locks nest; all end with the transaction).
    /// </summary>
    public Task LockClaimsAsync(NpgsqlConnection conn, NpgsqlTransaction tx, IEnumerable<Guid> uploadIds, CancellationToken ct) =>
        conn.ExecuteAsync(new CommandDefinition(LockClaims, new { uploadIds = uploadIds.Distinct().ToArray() }, tx, cancellationToken: ct));

    /// <summary>Claims in a transaction of its own, for callers with nothing else to write (and for tests).</summary>
    public async Task<UploadClaim> ClaimAsync(Guid callerId, Guid uploadId, MediaPurpose allowedPurpose, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var claim = await ClaimAsync(conn, tx, callerId, uploadId, allowedPurpose, ct);
        if (claim.Succeeded) await tx.CommitAsync(ct);
        return claim;
    }

    /// <summary>
    /// A short-lived read URL (Media:ReadUrlLifetime, at least half of it left: <see cref="ReadUrlCache"/>) for a
    /// claimed object. Call it only after the caller passed the same visibility check as the row that holds the object.
    /// </summary>
    public ValueTask<MediaReadUrl> CreateReadUrlAsync(string objectName, string contentType, CancellationToken ct) =>
        readUrls.GetAsync(objectName, contentType, ct);

    private static UploadClaim? StatusProblem(SlotRow slot, DateTimeOffset now) => slot.Status switch
    {
        "used" => UploadClaim.Fail(ClaimOutcome.AlreadyUsed, "The upload has already been used."),
        "rejected" => UploadClaim.Fail(ClaimOutcome.Rejected, "The uploaded file was rejected."),
        "expired" => UploadClaim.Fail(ClaimOutcome.Expired, "The upload has expired; request a new upload slot."),
        _ when slot.ExpiresAt <= now => UploadClaim.Fail(ClaimOutcome.Expired, "The upload has expired; request a new upload slot."),
        _ => null,
    };

    /// <summary>
    /// Whether the object is what its type says beyond its first bytes: a photo must decode (<see cref="ImageDecoding"/>), a
    /// video's (or a voice message's) boxes must make one playable file (<see cref="VideoStructure"/>), and one that says where it was recorded
    /// has that blanked in place (<see cref="VideoMetadata"/>). Called only after the verdict: a photo is
    /// read whole (and handed back for <see cref="RemoveMetadataAsync"/>) once its size is known to be within the purpose's
    /// limit, since a Blob upload SAS cannot cap it. Vanished: the object is gone (deleted by a concurrent rejection).
    /// What the check measured (<see cref="MediaFacts"/>) comes with it.
    /// </summary>
    private async Task<(bool Vanished, string? Problem, MediaFacts Facts, byte[]? Photo)> ContentProblemAsync(SlotRow slot, long size, CancellationToken ct)
    {
        if (MediaPolicy.KindOf(slot.ContentType) == MediaKind.Image)
        {
            if (await store.ReadAllAsync(slot.ObjectName, ct) is not { } bytes) return (true, null, MediaFacts.Unknown, null);
            var (problem, facts) = ImageDecoding.Check(slot.ContentType, bytes, options.Value.MaxImagePixels);
            return (false, problem, facts, bytes);
        }
        try
        {
            var (problem, facts, location) = await VideoStructure.CheckAsync(size, (offset, length, token) => store.ReadRangeAsync(slot.ObjectName, offset, length, token), ct,
                MediaPolicy.KindOf(slot.ContentType));
            if (problem is null && location.Count > 0)
            {
                // In place and at the same size (VideoMetadata): a claim rolled back after it finds nothing more to take out.
                await store.OverwriteAsync(slot.ObjectName, location, ct);
                logger.LogInformation("Removed the recording location of upload {UploadId} ({Bytes} bytes in {Runs} runs from {Offset})",
                    slot.Id, location.Sum(patch => patch.Bytes.Length), location.Count, location[0].Offset);
            }
            return (false, problem, facts, null);
        }
        catch (FileNotFoundException)
        {
            return (true, null, MediaFacts.Unknown, null);
        }
    }

    /// <summary>
    /// Takes a photo's metadata out (<see cref="ImageMetadata"/>) before anything can point at it, and answers the size the
    /// object then has. The new size is recorded, in a transaction of its own, before the object is replaced: if the
    /// caller's transaction rolls back, a later claim finds the object at that size and accepts it. A slot no longer
    /// pending (another claim won) is left to that claim.
    /// </summary>
    private async Task<long> RemoveMetadataAsync(SlotRow slot, byte[] photo, CancellationToken ct)
    {
        if (!ImageMetadata.Rewrites(slot.ContentType) || photo.Length == slot.CleanedSize) return photo.Length;
        if (ImageMetadata.Strip(slot.ContentType, photo) is not { } cleaned) return photo.Length;
        if (cleaned.Length < photo.Length) // zeroed in place (HEIC) keeps the size: nothing to record
            await using (var conn = await sideWrites.OpenConnectionAsync(ct))
                if (await conn.ExecuteAsync(new CommandDefinition(RecordCleanedSize, new { uploadId = slot.Id, size = (long)cleaned.Length },
                        cancellationToken: ct)) == 0)
                    return photo.Length;
        await store.ReplaceAsync(slot.ObjectName, cleaned, slot.ContentType, ct);
        logger.LogInformation("Removed the metadata of upload {UploadId} ({Before} → {After} bytes)", slot.Id, photo.Length, cleaned.Length);
        return cleaned.Length;
    }

    private static string? Verdict(SlotRow slot, MediaPurpose purpose, StoredObject stored)
    {
        if (stored.Size != slot.DeclaredSize && stored.Size != slot.CleanedSize)
            return $"size {stored.Size} differs from the declared {slot.DeclaredSize} bytes";
        if (stored.Size > MediaPolicy.MaxSize(purpose, slot.ContentType)) return "larger than allowed for its purpose";
        if (!MagicNumbers.Matches(slot.ContentType, stored.Head)) return $"its content is not {slot.ContentType}";
        return null;
    }

    /// <summary>
    /// In a transaction of its own: the caller's transaction will likely roll back, the rejection must stay.
    /// The upload URL stays valid until expiry, so the clean-up job deletes once more after that — which is also what becomes
    /// of an object the store refuses to delete here (a lease, a policy): the client is told of the rejection all the same
    /// (before, the refusal escaped as a 500 after the rejection was committed), and media-cleanup deletes the rejected slot's
    /// object after expiry, recording a refusal of its own if the store still refuses (docs/media.md "Refused deletes").
    /// </summary>
    private async Task RejectAsync(SlotRow slot, string reason, long size, CancellationToken ct)
    {
        await using (var conn = await sideWrites.OpenConnectionAsync(ct))
            await conn.ExecuteAsync(new CommandDefinition(MarkRejected, new { uploadId = slot.Id, reason, size }, cancellationToken: ct));
        logger.LogWarning("Rejected upload {UploadId} ({ObjectName}): {Reason}", slot.Id, slot.ObjectName, reason);
        try
        {
            await store.DeleteAsync(slot.ObjectName, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            logger.LogWarning(e, "The store refused to delete the object {ObjectName} of rejected upload {UploadId}; media-cleanup deletes it after the slot's expiry",
                slot.ObjectName, slot.Id);
        }
    }

    private sealed class SlotRow
    {
        public Guid Id { get; set; }
        public string Purpose { get; set; } = "";
        public string ContentType { get; set; } = "";
        public long DeclaredSize { get; set; }
        public long? CleanedSize { get; set; }
        public string ObjectName { get; set; } = "";
        public string Status { get; set; } = "";
        public DateTimeOffset ExpiresAt { get; set; }
    }
}

public sealed record MediaReadUrl(Uri Url, DateTimeOffset ExpiresAt);
