using System.Data;
using System.Text;
using System.Text.Json;
using Dapper;
using Fowergram.Features.Messages;
using Fowergram.Platform.Auth;
using Fowergram.Platform.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Fowergram.Features.Export;

/// <summary>
/// GET /users/me/export (docs/export.md): "download your information" — everything the account wrote, did and
/// keeps, as one JSON document streamed row by row from one consistent snapshot, so a large account costs no
/// more memory than a small one.
/// </summary>
public sealed class ExportApi(NpgsqlDataSource db, AccessTokens tokens, VanishingRule vanishing, IOptions<ExportOptions> options, TimeProvider time)
{
    public async Task<IResult> Get(HttpRequest request, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        var conn = await db.OpenConnectionAsync(ct);
        try
        {
            // One snapshot for every section: a like and the post it names are exported together or not at all.
            var tx = await conn.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct);
            var account = await conn.ExecuteScalarAsync<string?>(new CommandDefinition(ExportSql.Account, new { viewer = caller.UserId }, tx, cancellationToken: ct));
            if (account is null)
            {
                await conn.DisposeAsync();
                return Problems.AccountGone();
            }
            var now = time.GetUtcNow();
            return new ExportDocument(conn, tx, caller.UserId, account, now, vanishing.StillSince(now), options.Value.PageSize);
        }
        catch
        {
            await conn.DisposeAsync();
            throw;
        }
    }

    /// <summary>Writes the document and then closes the connection it was given.</summary>
    private sealed class ExportDocument(NpgsqlConnection conn, NpgsqlTransaction tx, Guid viewer, string account, DateTimeOffset exportedAt,
        DateTimeOffset stillSince, int pageSize) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            var ct = httpContext.RequestAborted;
            await using var _ = conn;
            var response = httpContext.Response;
            response.ContentType = "application/json; charset=utf-8";
            response.Headers.CacheControl = "no-store";
            response.Headers.ContentDisposition = $"attachment; filename=\"fowergram-{exportedAt:yyyy-MM-dd}.json\"";
            await using var json = new Utf8JsonWriter(response.Body);
            json.WriteStartObject();
            // The sections' format (ExportSql.Iso): one way of writing a time in the whole document.
            json.WriteString("exportedAt", exportedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", System.Globalization.CultureInfo.InvariantCulture));
            json.WritePropertyName("account");
            json.WriteRawValue(account, skipInputValidation: true);
            foreach (var (name, sql) in ExportSql.Sections)
            {
                json.WriteStartArray(name);
                if (name == ConversationExport.Section)
                {
                    await WriteConversationsAsync(json, response.Body, ct);
                    json.WriteEndArray();
                    continue;
                }
                await using (var command = new NpgsqlCommand(sql, conn, tx))
                {
                    command.Parameters.AddWithValue("viewer", viewer);
                    // The threads' section leaves out vanished messages (VanishingRule).
                    if (sql.Contains("@stillSince", StringComparison.Ordinal)) command.Parameters.AddWithValue("stillSince", stillSince);
                    // Sessions and trusted devices: those live at the export's time.
                    if (sql.Contains("@now", StringComparison.Ordinal)) command.Parameters.AddWithValue("now", exportedAt);
                    await using var reader = await command.ExecuteReaderAsync(ct);
                    while (await reader.ReadAsync(ct))
                    {
                        json.WriteRawValue(reader.GetString(0), skipInputValidation: true);
                        if (json.BytesPending > 32 * 1024) await json.FlushAsync(ct);
                    }
                }
                json.WriteEndArray();
            }
            json.WriteEndObject();
            await json.FlushAsync(ct);
            await tx.CommitAsync(ct);
        }

        /// <summary>
        /// A thread is written in pieces (its head, then its messages a page at a time), which the writer cannot take as raw
        /// values: they go straight to the body between the writer's bracket and its closing one (the writer sees an empty
        /// array, so it adds no separator of its own).
        /// </summary>
        private async Task WriteConversationsAsync(Utf8JsonWriter json, Stream body, CancellationToken ct)
        {
            await json.FlushAsync(ct);
            await using var text = new StreamWriter(body, Utf8, 32 * 1024, leaveOpen: true);
            await new ConversationExport(conn, tx, viewer, exportedAt, stillSince, pageSize).WriteItemsAsync(text, ct);
            await text.FlushAsync(ct);
        }

        private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    }
}
