namespace Fowergram.Features.Media;

/// <summary>POST /api/v1/media/uploads. Nullable so a missing field is a validation error that names it.</summary>
public sealed record CreateUploadRequest(string? Purpose, string? ContentType, long? Size);

/// <summary>Where and how to PUT the bytes: send exactly <see cref="Headers"/> with <see cref="Method"/> to <see cref="UploadUrl"/> before <see cref="ExpiresAt"/>.</summary>
public sealed record UploadSlotResponse(
    Guid UploadId, string Purpose, string ContentType, long Size,
    string UploadUrl, string Method, IReadOnlyDictionary<string, string> Headers, DateTimeOffset ExpiresAt);

/// <summary>GET /api/v1/media/uploads/{id}: status is pending, used, rejected or expired.</summary>
public sealed record UploadStatusResponse(
    Guid UploadId, string Purpose, string ContentType, long Size, string Status,
    DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt, DateTimeOffset? UsedAt, string? RejectionReason);
