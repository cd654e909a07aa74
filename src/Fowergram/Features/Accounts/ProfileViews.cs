using System.Text.Json;
using Fowergram.Platform.Http;

namespace Fowergram.Features.Accounts;

/// <summary>Turns a <see cref="UserRow"/> into what the owner and what everyone else may see.</summary>
internal static class ProfileViews
{
    public static MeView Me(UserRow row) => new(
        row.Id, row.Username, row.Email, row.EmailVerifiedAt is not null, row.FullName, row.Bio, row.Avatar,
        row.PhoneNumber, row.DateOfBirth is { } dob ? DateOnly.FromDateTime(dob) : null, row.Gender, row.ProfileCategory,
        Links(row.ExternalLinks), Business(row.BusinessInfo), row.IsPrivate, row.IsVerified, row.CreatedAt);

    /// <summary>Contact details are public only for business accounts, as on Instagram.</summary>
    public static PublicProfileView Public(UserRow row) => new(
        row.Id, row.Username, row.FullName, row.Bio, row.Avatar, Links(row.ExternalLinks), row.IsPrivate, row.IsVerified,
        row.ProfileCategory, row.ProfileCategory == "business" ? Business(row.BusinessInfo) : null);

    // Rows written by other tools (seeds, imports) may not match our shape; a profile must still render.
    private static IReadOnlyList<ExternalLink> Links(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<List<ExternalLink>>(json, ApiJson.Options) ?? [];
        }
        catch (JsonException)
        {
            return [];
        }
    }

    private static BusinessInfo? Business(string? json)
    {
        if (json is null) return null;
        try
        {
            return JsonSerializer.Deserialize<BusinessInfo>(json, ApiJson.Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
