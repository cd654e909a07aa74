using System.Text.Json.Nodes;
using Fowergram.Platform.Http;

namespace Fowergram.Features.Accounts;

/// <summary>Validation of the structured profile fields: external links and business contact details.</summary>
internal static class ProfileLinks
{
    public const int MaxLinks = 5;
    public const int MaxTitle = 30;
    public const int MaxCategory = 64;
    public const int MaxAddress = 200;

    /// <summary>
    /// The user-written text nested in a profile patch, for <c>ComposedText.WrittenAsync</c> before it is read: each link's
    /// title and the business category and address (docs/api.md "Composed text"). URLs, e-mail and phone are not words.
    /// </summary>
    public static IEnumerable<(JsonObject Body, string Field, int Max)> ComposedMembers(JsonObject patch)
    {
        if (patch["externalLinks"] is JsonArray links)
            foreach (var link in links.Take(MaxLinks).OfType<JsonObject>()) yield return (link, "title", MaxTitle);
        if (patch["businessInfo"] is JsonObject business)
        {
            yield return (business, "category", MaxCategory);
            yield return (business, "address", MaxAddress);
        }
    }

    /// <summary>The links to store (null clears to an empty list); problems are added per element, e.g. <c>externalLinks[1].url</c>.</summary>
    public static List<ExternalLink> ReadLinks(JsonArray? array, Validation v)
    {
        var links = new List<ExternalLink>();
        if (array is null) return links;
        if (array.Count > MaxLinks) v.Add("externalLinks", $"At most {MaxLinks} links.");
        for (var i = 0; i < array.Count && i < MaxLinks; i++)
        {
            var field = $"externalLinks[{i}]";
            if (array[i] is not JsonObject item)
            {
                v.Add(field, "Must be an object with url and title.");
                continue;
            }
            var read = new PatchReader(item, v, field + ".");
            var title = read.String("title", out var t) ? (t ?? "").Trim() : "";
            if (TextRules.IsInvisibleOnly(title)) v.Add($"{field}.title", TextRules.InvisibleOnly);
            else if (TextRules.Characters(title) > MaxTitle || !TextRules.IsOneLine(title)) v.Add($"{field}.title", $"Must be at most {MaxTitle} characters of text, on one line.");
            string? url = null;
            if (!item.ContainsKey("url")) v.Add($"{field}.url", "This field is required.");
            else if (read.String("url", out url, nullable: false))
            {
                if (WebAddress.Normalize(url!, httpsOnly: false, out var problem) is { } normal) url = normal;
                else v.Add($"{field}.url", problem!);
            }
            links.Add(new ExternalLink(title, url ?? ""));
        }
        return links;
    }

    public static BusinessInfo? ReadBusinessInfo(JsonObject item, Validation v)
    {
        var read = new PatchReader(item, v, "businessInfo.");
        string? category = null, email = null, phone = null, address = null;
        if (!item.ContainsKey("category")) v.Add("businessInfo.category", "This field is required.");
        else if (read.String("category", out category, nullable: false))
        {
            category = category!.Trim();
            if (category.Length > 0 && TextRules.IsBlank(category)) // as the empty category: a business shown with no kind
                v.Add("businessInfo.category", "Must show something: invisible characters alone are not a category.");
            else if (TextRules.Characters(category) is 0 or > MaxCategory || !TextRules.IsOneLine(category))
                v.Add("businessInfo.category", $"Must be 1 to {MaxCategory} characters of text, on one line.");
        }
        if (read.String("email", out email) && email is not null)
            v.Check("businessInfo.email", AccountRules.EmailError(email = AccountRules.NormalizeEmail(email)));
        if (read.String("phone", out phone) && phone is not null)
            v.Check("businessInfo.phone", AccountRules.PhoneError(phone = phone.Trim()));
        if (read.String("address", out address) && address is not null)
        {
            address = address.Trim();
            if (TextRules.IsInvisibleOnly(address)) v.Add("businessInfo.address", TextRules.InvisibleOnly);
            else if (TextRules.Characters(address) > MaxAddress || address.Any(c => char.IsControl(c) && c != '\n'))
                v.Add("businessInfo.address", $"Must be at most {MaxAddress} characters.");
        }
        return category is null ? null : new BusinessInfo(category, email, phone, address);
    }
}
