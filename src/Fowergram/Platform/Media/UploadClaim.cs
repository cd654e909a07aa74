using Fowergram.Platform.Http;
using Microsoft.AspNetCore.Http;

namespace Fowergram.Platform.Media;

public enum ClaimOutcome
{
    /// <summary>The object passed every check; the slot is now 'used' in the caller's transaction.</summary>
    Claimed,
    /// <summary>No such upload, or it belongs to someone else: answer 404, never reveal which.</summary>
    NotFound,
    /// <summary>The slot was requested for another purpose (an avatar upload referenced by a post).</summary>
    WrongPurpose,
    /// <summary>Nothing has been uploaded yet; the slot stays pending, the client may upload and retry.</summary>
    NotUploaded,
    AlreadyUsed,
    Expired,
    /// <summary>The object failed a check (now or earlier); the slot is 'rejected' and the object deleted.</summary>
    Rejected,
}

/// <summary>What a post, story, reel or message row records about a claimed upload; <paramref name="Facts"/> is what the claim measured.</summary>
public sealed record ClaimedMedia(Guid UploadId, MediaPurpose Purpose, string ObjectName, string ContentType, MediaKind Kind, long Size, MediaFacts Facts);

/// <summary>The answer of <see cref="MediaUploads.ClaimAsync(Npgsql.NpgsqlConnection, Npgsql.NpgsqlTransaction, Guid, Guid, MediaPurpose, CancellationToken)"/>.</summary>
public sealed record UploadClaim(ClaimOutcome Outcome, ClaimedMedia? Media, string Detail)
{
    public bool Succeeded => Outcome == ClaimOutcome.Claimed;

    /// <summary>
    /// The HTTP answer for a failed claim: 404 for an upload the caller may not see, else 409 naming the
    /// reason. <paramref name="field"/> (e.g. "media[2].uploadId") says which reference failed.
    /// </summary>
    public IResult ToProblem(string field = "uploadId") => Outcome switch
    {
        ClaimOutcome.Claimed => throw new InvalidOperationException("A successful claim is not a problem."),
        ClaimOutcome.NotFound => Problems.NotFound("upload"),
        _ => Problems.Conflict(Detail, new Dictionary<string, string[]> { [field] = [Detail] }),
    };

    internal static UploadClaim Fail(ClaimOutcome outcome, string detail) => new(outcome, null, detail);
}
