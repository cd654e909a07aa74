using Fowergram.Platform.Http;
using Fowergram.Platform.Media;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;

namespace Fowergram.Server.Media;

/// <summary>
/// PUT, GET and HEAD of media objects for the local store: Server-only plumbing that plays Blob Storage's
/// part, so it is not in the /api route table (FowergramRoutes) and has no Functions counterpart.
/// </summary>
internal static class LocalMediaEndpoints
{
    public static IEndpointRouteBuilder MapLocalMedia(this IEndpointRouteBuilder app)
    {
        app.MapPut(LocalMediaStore.PathPrefix + "{**objectName}", PutAsync);
        // HEAD as Blob Storage answers it to a read SAS (the object's type and length, no body): signed as the GET.
        app.MapMethods(LocalMediaStore.PathPrefix + "{**objectName}", [HttpMethods.Get, HttpMethods.Head], Get);
        return app;
    }

    /// <summary>Write-once: the declared size is enforced while streaming, and an existing object is never replaced.</summary>
    private static async Task<IResult> PutAsync(HttpContext context, string objectName, LocalMediaStore store, CancellationToken ct)
    {
        var request = context.Request;
        if (Authorize(store, HttpMethods.Put, objectName, request) is not { } grant) return Refused(store, HttpMethods.Put, objectName, request);
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var sent) ||
            !string.Equals(sent.MediaType.Value, grant.ContentType, StringComparison.OrdinalIgnoreCase))
            return Problems.Forbidden($"This upload URL accepts only Content-Type: {grant.ContentType}.");
        var max = grant.MaxSize!.Value;
        if (request.ContentLength > max) return Problems.PayloadTooLarge(max);

        var path = store.PathOf(objectName);
        if (File.Exists(path)) return AlreadyUploaded();
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit) limit.MaxRequestBodySize = max + 1;

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temp = path + "." + Guid.NewGuid().ToString("N") + ".partial";
        try
        {
            long written = 0;
            await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
            {
                var buffer = new byte[81920];
                int read;
                while ((read = await request.Body.ReadAsync(buffer, ct)) > 0)
                {
                    written += read;
                    if (written > max) return Problems.PayloadTooLarge(max);
                    await file.WriteAsync(buffer.AsMemory(0, read), ct);
                }
            }
            try { File.Move(temp, path, overwrite: false); }
            catch (IOException) when (File.Exists(path)) { return AlreadyUploaded(); }
            return Results.StatusCode(StatusCodes.Status201Created);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    private static IResult Get(HttpContext context, string objectName, LocalMediaStore store)
    {
        if (Authorize(store, HttpMethods.Get, objectName, context.Request) is not { } grant)
            return Refused(store, HttpMethods.Get, objectName, context.Request);
        // Opened once and served from that handle: media-cleanup may delete the file at any moment, and a file deleted after
        // an existence check but before the file result opened it by path was a 500. An open file stays readable whole.
        if (OpenOrNull(store.PathOf(objectName)) is not { } file) return Problems.NotFound("media object");
        var headers = context.Response.Headers;
        if (IsUnsatisfiable(context.Request, file.Length))
        {
            var length = file.Length;
            file.Dispose();
            headers.ContentRange = $"bytes */{length}";
            return Problems.Problem(StatusCodes.Status416RangeNotSatisfiable, "Range Not Satisfiable",
                $"The requested range starts past the end of the object, which is {length} bytes long.");
        }
        headers.XContentTypeOptions = "nosniff";
        headers.ContentSecurityPolicy = "default-src 'none'; sandbox";
        headers.CacheControl = $"private, max-age={store.SecondsLeft(grant)}";
        // Last-Modified as a file path's result gave it (If-Range and caches validate by it); the result disposes the stream.
        var modified = new DateTimeOffset(File.GetLastWriteTimeUtc(file.SafeFileHandle), TimeSpan.Zero);
        return Results.File(file, grant.ContentType, lastModified: modified, enableRangeProcessing: true);
    }

    /// <summary>The object's file opened for reading (sharing delete, so the clean-up is never held up), or null when it is gone.</summary>
    private static FileStream? OpenOrNull(string path)
    {
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 81920, useAsync: true);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    /// <summary>
    /// One byte range starting at or past the end, or asking for the last 0 bytes: what the file result answers 416 to, with
    /// an empty body labelled as the media. Several ranges, a malformed one or an If-Range are left to it (it serves the
    /// whole object, or checks the validator).
    /// </summary>
    private static bool IsUnsatisfiable(HttpRequest request, long length)
    {
        if (request.Headers.IfRange.Count > 0 || !RangeHeaderValue.TryParse(request.Headers.Range.ToString(), out var range)
            || !string.Equals(range.Unit.Value, "bytes", StringComparison.OrdinalIgnoreCase) || range.Ranges.Count != 1)
            return false;
        var only = range.Ranges.Single();
        return only.From is { } from ? from >= length : only.To == 0;
    }

    private static LocalMediaGrant? Authorize(LocalMediaStore store, string method, string objectName, HttpRequest request) =>
        MediaObjectNames.IsValid(objectName) && store.Signer.Verify(method, objectName, request.Query) is { } grant && !store.IsExpired(grant)
            ? grant
            : null;

    /// <summary>403 either way; the detail says whether the URL expired or was never valid for this request.</summary>
    private static IResult Refused(LocalMediaStore store, string method, string objectName, HttpRequest request) =>
        MediaObjectNames.IsValid(objectName) && store.Signer.Verify(method, objectName, request.Query) is not null
            ? Problems.Forbidden("The media URL has expired; ask the API for a new one.")
            : Problems.Forbidden("The media URL is not valid for this request (bad or missing signature, or a changed path or parameter).");

    private static IResult AlreadyUploaded() =>
        Problems.Conflict("An object was already uploaded with this URL; upload URLs are single-use. Request a new upload slot.");
}
