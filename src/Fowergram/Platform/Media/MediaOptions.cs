using Fowergram.Platform.Options;

namespace Fowergram.Platform.Media;

/// <summary>
/// Bound from the <c>Media</c> section in both hosts (<c>Media__UploadUrlLifetime</c> etc.). Lifetimes are
/// TimeSpans ("00:10:00"), like the Auth section's. Which store settings apply depends on the host:
/// the Server host's local store uses <see cref="SigningKey"/> and <see cref="PublicBaseUrl"/>, the
/// Functions host's Blob store <see cref="BlobServiceUri"/> or <see cref="ConnectionString"/>.
/// </summary>
public sealed class MediaOptions : ISelfValidatingOptions
{
    public const string Section = "Media";

    /// <summary>The ceiling for both URL lifetimes: a signed URL is never valid for longer than this.</summary>
    public static readonly TimeSpan MaxUrlLifetime = TimeSpan.FromHours(1);

    /// <summary>Private container (Blob) or folder name (local) that holds every media object.</summary>
    public string Container { get; set; } = "media";

    /// <summary>How long an upload slot and its upload URL stay valid.</summary>
    public TimeSpan UploadUrlLifetime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How long a signed read URL handed out in an API response stays valid.</summary>
    public TimeSpan ReadUrlLifetime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Pending (unexpired, unused) slots one user may hold at once.</summary>
    public int MaxPendingUploads { get; set; } = 20;

    /// <summary>
    /// The clean-up job deletes the object of an expired slot only this long after expiry, so an upload
    /// the store accepted at the last second (its clock may run a little behind ours) is still caught.
    /// </summary>
    public TimeSpan CleanupGrace { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Attempts a clean-up job makes at a delete the store refuses (a Blob lease, a retention policy) before it gives the
    /// object up until a moderator retries it (<see cref="MediaDeleteFailures"/>), as Service Bus dead-letters a message.
    /// </summary>
    public int DeleteMaxAttempts { get; set; } = 10;

    /// <summary>The longest wait between two of those attempts: the wait doubles from the job's interval up to this.</summary>
    public TimeSpan DeleteRetryCap { get; set; } = TimeSpan.FromDays(1);

    /// <summary>
    /// The most pixels an uploaded photo may have (<see cref="ImageDecoding"/>): above the 200 MP of the largest phone
    /// sensors, far below what a crafted file can declare in a few bytes.
    /// </summary>
    public long MaxImagePixels { get; set; } = 250_000_000;

    /// <summary>Server host: HMAC-SHA256 key for local media URLs, base64 or text, at least 32 bytes.</summary>
    public string? SigningKey { get; set; }

    /// <summary>Server host: the origin clients reach it at (e.g. https://media.example.com); defaults to the listening address.</summary>
    public string? PublicBaseUrl { get; set; }

    /// <summary>Functions host: the Blob service endpoint, used with the app's managed identity.</summary>
    public string? BlobServiceUri { get; set; }

    /// <summary>Functions host: a storage connection string instead (Azurite: <c>UseDevelopmentStorage=true</c>).</summary>
    public string? ConnectionString { get; set; }

    public IEnumerable<string> Problems()
    {
        if (UploadUrlLifetime < TimeSpan.FromSeconds(1) || UploadUrlLifetime > MaxUrlLifetime)
            yield return $"Media:UploadUrlLifetime must be from one second to {MaxUrlLifetime}.";
        if (ReadUrlLifetime < TimeSpan.FromSeconds(1) || ReadUrlLifetime > MaxUrlLifetime)
            yield return $"Media:ReadUrlLifetime must be from one second to {MaxUrlLifetime}.";
        if (MaxPendingUploads < 1) yield return "Media:MaxPendingUploads must be at least 1.";
        if (MaxImagePixels < 1) yield return "Media:MaxImagePixels must be at least 1.";
        if (CleanupGrace < TimeSpan.Zero) yield return "Media:CleanupGrace must not be negative.";
        if (DeleteMaxAttempts is < 1 or > 100) yield return "Media:DeleteMaxAttempts must be from 1 to 100.";
        if (DeleteRetryCap < TimeSpan.FromMinutes(1) || DeleteRetryCap > TimeSpan.FromDays(30))
            yield return "Media:DeleteRetryCap must be from one minute to 30 days.";
        if (string.IsNullOrWhiteSpace(Container)) yield return "Media:Container is required.";
    }

    public byte[] SigningKeyBytes()
    {
        if (string.IsNullOrWhiteSpace(SigningKey))
            throw new InvalidOperationException("Media:SigningKey is not configured (set Media__SigningKey to at least 32 random bytes, base64).");
        byte[] key;
        try { key = Convert.FromBase64String(SigningKey); }
        catch (FormatException) { key = System.Text.Encoding.UTF8.GetBytes(SigningKey); }
        if (key.Length < 32) throw new InvalidOperationException("Media:SigningKey must be at least 32 bytes.");
        return key;
    }
}
