using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Fowergram.Platform.Http;

namespace Fowergram.Features.Accounts;

/// <summary>
/// Reads PATCH /users/me as a JSON merge patch (RFC 7396): an absent member leaves the field alone,
/// <c>null</c> clears it (to empty text or an empty list where the column cannot be null), and
/// fields that must always have a value refuse <c>null</c>. Unknown members are ignored.
/// </summary>
internal static class MePatch
{
    public static readonly string[] Genders = ["male", "female", "other", "prefer_not_to_say"];
    public static readonly string[] Categories = ["personal", "business", "creator"];
    public const int MinimumAge = 13;

    public static ProfileChanges Parse(JsonObject body, DateOnly today, Validation v)
    {
        var c = new ProfileChanges();
        var read = new PatchReader(body, v);
        if (body.ContainsKey("avatar"))
            v.Add("avatar", "The avatar is set from a media upload with PUT /api/v1/users/me/avatar, not through this endpoint.");

        if (read.String("fullName", out var fullName))
        {
            c.SetFullName = true;
            c.FullName = (fullName ?? "").Trim();
            v.Check("fullName", AccountRules.FullNameError(c.FullName));
        }
        if (read.String("bio", out var bio))
        {
            c.SetBio = true;
            c.Bio = (bio ?? "").Trim();
            v.Check("bio", AccountRules.BioError(c.Bio));
        }
        if (read.String("phoneNumber", out var phone))
        {
            c.SetPhoneNumber = true;
            c.PhoneNumber = phone?.Trim();
            if (c.PhoneNumber is not null) v.Check("phoneNumber", AccountRules.PhoneError(c.PhoneNumber));
        }
        if (read.String("dateOfBirth", out var dob))
        {
            c.SetDateOfBirth = true;
            c.DateOfBirth = dob;
            if (dob is not null) v.Check("dateOfBirth", DateOfBirthError(dob, today));
        }
        if (read.String("gender", out var gender))
        {
            c.SetGender = true;
            c.Gender = gender;
            v.OneOf("gender", gender, Genders);
        }
        if (read.String("profileCategory", out var category, nullable: false))
        {
            c.SetProfileCategory = true;
            c.ProfileCategory = category;
            v.OneOf("profileCategory", category, Categories);
        }
        if (read.Boolean("isPrivate", out var isPrivate))
        {
            c.SetIsPrivate = true;
            c.IsPrivate = isPrivate;
        }
        if (read.String("username", out var username, nullable: false))
        {
            c.SetUsername = true;
            c.Username = AccountRules.NormalizeUsername(username);
            v.Check("username", AccountRules.UsernameError(c.Username));
        }
        if (read.Node("externalLinks", JsonValueKind.Array, "an array", out var links))
        {
            c.SetExternalLinks = true;
            c.ExternalLinks = JsonSerializer.Serialize(ProfileLinks.ReadLinks(links as JsonArray, v), ApiJson.Options);
        }
        if (read.Node("businessInfo", JsonValueKind.Object, "an object", out var business))
        {
            c.SetBusinessInfo = true;
            var info = business is JsonObject o ? ProfileLinks.ReadBusinessInfo(o, v) : null;
            c.BusinessInfo = info is null ? null : JsonSerializer.Serialize(info, ApiJson.Options);
        }
        return c;
    }

    private static string? DateOfBirthError(string text, DateOnly today)
    {
        if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            return "Must be a date like 2001-04-30.";
        if (date > today) return "Cannot be in the future.";
        if (date > today.AddYears(-MinimumAge)) return $"You must be at least {MinimumAge} years old.";
        if (date.Year < 1900) return "Must be after 1900.";
        return null;
    }
}
