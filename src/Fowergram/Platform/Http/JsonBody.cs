using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Fowergram.Platform.Http;

/// <summary>
/// Reads a JSON request body the same way in both hosts, turning every way it can be wrong
/// (not JSON, too large, wrong types, empty) into a 4xx problem instead of an exception.
/// </summary>
public static class JsonBody
{
    public const int DefaultLimitBytes = 64 * 1024;

    public static async Task<BodyResult<T>> ReadAsync<T>(HttpRequest request, CancellationToken ct, int limitBytes = DefaultLimitBytes)
        where T : class
    {
        if (request.ContentLength > limitBytes) return BodyResult<T>.Fail(Problems.PayloadTooLarge(limitBytes));
        var contentType = request.ContentType ?? "";
        if (!contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) &&
            !contentType.Contains("+json", StringComparison.OrdinalIgnoreCase))
            return BodyResult<T>.Fail(Problems.UnsupportedMediaType());

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
            return NulHolder(json) is { } field
                ? BodyResult<T>.Fail(Problems.Validation(field, "Must not contain a NUL character (U+0000): no text in Fowergram can hold one."))
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
    /// The member whose string value holds U+0000 (PostgreSQL text cannot store it), or null. JSON carries a NUL only as
    /// the escape \u0000, so only escaped strings are unescaped to look. Checked for every body, whatever the target
    /// type reads, so no route has to remember it.
    /// </summary>
    private static string? NulHolder(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        var member = "body";
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.PropertyName) member = reader.GetString() ?? member;
            else if (reader.TokenType == JsonTokenType.String && reader.ValueIsEscaped && reader.GetString()!.Contains('\0')) return member;
        }
        return null;
    }

    /// <summary>"$.profile.externalLinks[0]" becomes "profile.externalLinks[0]".</summary>
    private static string FieldName(string path) => path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');
}

/// <summary>Either the parsed body or the problem to answer with.</summary>
public readonly record struct BodyResult<T>(T? Value, IResult? Error) where T : class
{
    public static BodyResult<T> Fail(IResult error) => new(null, error);
}
