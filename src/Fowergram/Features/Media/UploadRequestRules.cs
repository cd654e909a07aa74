using System.Diagnostics.CodeAnalysis;
using Fowergram.Platform.Http;
using Fowergram.Platform.Media;
using Microsoft.AspNetCore.Http;

namespace Fowergram.Features.Media;

internal readonly record struct ValidUploadRequest(MediaPurpose Purpose, string ContentType, long Size);

/// <summary>Per-field checks of an upload slot request against <see cref="MediaPolicy"/>.</summary>
internal static class UploadRequestRules
{
    public static bool TryValidate(CreateUploadRequest request, out ValidUploadRequest valid, [NotNullWhen(false)] out IResult? problem)
    {
        valid = default;
        problem = null;
        var errors = new Validation();
        var contentType = request.ContentType?.Trim().ToLowerInvariant();
        errors.Required("purpose", request.Purpose).OneOf("purpose", request.Purpose, MediaPolicy.PurposeNames.ToList());
        errors.Required("contentType", contentType).OneOf("contentType", contentType, MediaPolicy.ContentTypes.Keys.ToList());
        if (request.Size is not { } size) errors.Add("size", "This field is required.");
        else if (size <= 0) errors.Add("size", "Must be a positive number of bytes.");

        if (MediaPolicy.TryParsePurpose(request.Purpose, out var purpose) && contentType is not null &&
            MediaPolicy.ContentTypes.ContainsKey(contentType))
        {
            if (MediaPolicy.MaxSize(purpose, contentType) is not { } max)
                errors.Add("contentType", $"Not accepted for purpose '{request.Purpose}'; use one of: {string.Join(", ", MediaPolicy.AllowedTypes(purpose))}.");
            else if (request.Size > max)
                errors.Add("size", $"At most {max} bytes for {contentType} as {request.Purpose}.");
        }
        if (!errors.IsValid)
        {
            problem = errors.ToProblem();
            return false;
        }
        valid = new ValidUploadRequest(purpose, contentType!, request.Size!.Value);
        return true;
    }
}
