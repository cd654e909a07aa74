using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Fowergram.Platform.Http;

/// <summary>
/// Reads a JSON request body the same way in both hosts, turning every way it can be wrong
/// (not JSON, too large, wrong types, empty) into a 4xx problem instead of an exception.
/// </summary>
public static class JsonBody
{
    public const int DefaultLimitBytes = 64 * 1024;

    /// <summary>
    /// For a body carrying a caption, comment or description (2,200 characters): room for all of them as emoji escaped the
    /// way JSON writers escape them by default (12 bytes each, "\uD83C\uDF37": 26,400 bytes), which 16 KiB refused with a 413.
    /// </summary>
    public const int LongTextLimitBytes = 32 * 1024;

    public static async Task<BodyResult<T>> ReadAsync<T>(HttpRequest request, CancellationToken ct, int limitBytes = DefaultLimitBytes)
        where T : class
    {
        if (request.ContentLength > limitBytes) return BodyResult<T>.Fail(Problems.PayloadTooLarge(limitBytes));
        if (!IsJson(request.ContentType)) return BodyResult<T>.Fail(Problems.UnsupportedMediaType());

        // Chunked bodies carry no Content-Length, so count while reading.
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > limitBytes) return BodyResult<T>.Fail(Problems.PayloadTooLarge(limitBytes));
            buffer.Write(chunk, 0, read);
        }
        if (buffer.Length == 0) return BodyResult<T>.Fail(Problems.BadRequest("The request body is empty; send a JSON object."));

        try
        {
            var json = buffer.GetBuffer().AsSpan(0, (int)buffer.Length);
            var value = JsonSerializer.Deserialize<T>(json, ApiJson.Options);
            if (value is null) return BodyResult<T>.Fail(Problems.BadRequest("The request body must be a JSON object, not null."));
            return UnstorableText(json) is { } problem
                ? BodyResult<T>.Fail(Problems.Validation(problem.Field, problem.Message))
                : new BodyResult<T>(value, null);
        }
        catch (JsonException ex) when (ex.Path is { Length: > 1 } path)
        {
            return BodyResult<T>.Fail(Problems.Validation(FieldName(path), "The value has the wrong type or format."));
        }
        catch (ArgumentException)
        {
            // JsonObject members throw this (not JsonException) on a repeated key.
            return BodyResult<T>.Fail(Problems.BadRequest("The request body repeats a property name inside an object."));
        }
        catch (JsonException ex)
        {
            return BodyResult<T>.Fail(Problems.BadRequest($"The request body is not valid JSON (line {ex.LineNumber + 1}, position {ex.BytePositionInLine + 1})."));
        }
    }

    /// <summary>
    /// application/json or a type with the +json suffix (application/merge-patch+json), judged on the parsed media type:
    /// a prefix or substring test let "text/plain; x=+json" (a type a browser sends cross-site without a preflight) and
    /// "application/jsonp" through. A charset other than UTF-8 is refused rather than misread: the body is read as UTF-8,
    /// the only encoding RFC 8259 allows between systems.
    /// </summary>
    private static bool IsJson(string? contentType)
    {
        if (!MediaTypeHeaderValue.TryParse(contentType, out var type) || type.MediaType.Value is not { } media) return false;
        var isJson = media.Equals("application/json", StringComparison.OrdinalIgnoreCase) || media.EndsWith("+json", StringComparison.OrdinalIgnoreCase);
        var charset = type.Charset.Value?.Trim('"');
        return isJson && (charset is null || charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase) || charset.Equals("utf8", StringComparison.OrdinalIgnoreCase));
    }

    private const string NulMessage = "Must not contain a NUL character (U+0000): no text in Fowergram can hold one.";
    private const string SurrogateMessage = "Must be valid Unicode: an escaped surrogate (\\uD800-\\uDFFF) must be one half of a pair.";

    /// <summary>
    /// The path of a string value PostgreSQL text cannot store, as validation errors name fields ("poll.option1",
    /// "media[0].altText"), and why; or null. JSON carries a NUL only as the escape \u0000, and an unpaired surrogate
    /// only as an escape such as \ud800 (which .NET refuses to unescape: reading it later threw, a 500), so only escaped
    /// strings and names are unescaped to look. Checked for every body, whatever the target type reads (a merge patch
    /// reads members late, an unknown member is never read), so no route has to remember it.
    /// </summary>
    private static (string Field, string Message)? UnstorableText(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        var path = new List<PathStep>();
        while (reader.Read())
        {
            var token = reader.TokenType;
            if (token is JsonTokenType.EndObject or JsonTokenType.EndArray) { path.RemoveAt(path.Count - 1); continue; }
            if (token == JsonTokenType.PropertyName)
            {
                if (!TryRead(ref reader, out var name)) return (Describe(path), SurrogateMessage);
                path[^1] = path[^1] with { Name = name };
                if (name.Contains('\0')) return (Describe(path), NulMessage);
                continue;
            }
            if (path.Count > 0 && path[^1].InArray) path[^1] = path[^1] with { Index = path[^1].Index + 1 };
            if (token == JsonTokenType.String && reader.ValueIsEscaped)
            {
                if (!TryRead(ref reader, out var text)) return (Describe(path), SurrogateMessage);
                if (text.Contains('\0')) return (Describe(path), NulMessage);
            }
            if (token is JsonTokenType.StartObject or JsonTokenType.StartArray) path.Add(new PathStep(token == JsonTokenType.StartArray, "", -1));
        }
        return null;
    }

    /// <summary>Unescapes the current string or name; false for an unpaired surrogate escape, which the reader refuses.</summary>
    private static bool TryRead(ref Utf8JsonReader reader, out string text)
    {
        try
        {
            text = reader.GetString() ?? "";
            return true;
        }
        catch (InvalidOperationException)
        {
            text = "";
            return false;
        }
    }

    private static string Describe(List<PathStep> path)
    {
        var text = new System.Text.StringBuilder();
        foreach (var step in path)
        {
            if (step.InArray) text.Append('[').Append(step.Index).Append(']');
            else if (step.Name.Length > 0) text.Append(text.Length > 0 ? "." : "").Append(step.Name);
        }
        return text.Length > 0 ? text.ToString() : "body";
    }

    /// <summary>One level of the walk: an object (the member being read) or an array (the index being read).</summary>
    private readonly record struct PathStep(bool InArray, string Name, int Index);

    /// <summary>"$.profile.externalLinks[0]" becomes "profile.externalLinks[0]".</summary>
    private static string FieldName(string path) => path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');
}

/// <summary>Either the parsed body or the problem to answer with.</summary>
public readonly record struct BodyResult<T>(T? Value, IResult? Error) where T : class
{
    public static BodyResult<T> Fail(IResult error) => new(null, error);
}
