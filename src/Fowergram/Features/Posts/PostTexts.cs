using System.Text.Json;
using System.Text.Json.Nodes;
using Fowergram.Platform.Content;
using Fowergram.Platform.Http;
using Npgsql;

namespace Fowergram.Features.Posts;

/// <summary>
/// A post's words — its caption and each media item's alt text — composed (Unicode NFC) before they are checked and stored,
/// in one round trip (none when all are ASCII): docs/api.md "Composed text". Alt texts were stored as typed until session 55.
/// </summary>
internal static class PostTexts
{
    public static async Task<CreatePostRequest> ComposedAsync(NpgsqlDataSource db, CreatePostRequest r, CancellationToken ct)
    {
        var media = r.Media ?? [];
        var fields = new List<(string? Text, int Max)> { (r.Caption, CaptionText.MaxLength) };
        fields.AddRange(media.Select(m => (m?.AltText, PostRules.MaxAltText)));
        var c = await ComposedText.WrittenAsync(db, fields, ct);
        return r with
        {
            Caption = c[0],
            Media = r.Media?.Select((m, i) => m is null ? null : m with { AltText = c[i + 1] }).ToList(),
        };
    }

    /// <summary>A PATCH's caption and the alt texts of its <c>media</c> entries composed in place, before the patch is read.</summary>
    public static async Task ComposedAsync(NpgsqlDataSource db, MergePatch patch, CancellationToken ct)
    {
        var items = patch.Body["media"] is JsonArray array
            ? array.OfType<JsonObject>().Where(o => o["altText"] is { } a && a.GetValueKind() == JsonValueKind.String).ToList()
            : [];
        var caption = patch.Body["caption"] is { } node && node.GetValueKind() == JsonValueKind.String ? node.GetValue<string>() : null;
        var fields = new List<(string? Text, int Max)> { (caption, CaptionText.MaxLength) };
        fields.AddRange(items.Select(o => ((string?)o["altText"]!.GetValue<string>(), PostRules.MaxAltText)));
        var c = await ComposedText.WrittenAsync(db, fields, ct);
        if (caption is not null) patch.Body["caption"] = c[0];
        for (var i = 0; i < items.Count; i++) items[i]["altText"] = c[i + 1];
    }
}
