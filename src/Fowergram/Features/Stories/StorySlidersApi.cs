using Dapper;
using Fowergram.Platform.Auth;
using Fowergram.Platform.Content;
using Fowergram.Platform.Events;
using Fowergram.Platform.Http;
using Fowergram.Platform.WriteLimits;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Fowergram.Features.Stories;

/// <summary>
/// The emoji slider sticker (docs/stories.md "Stickers", migration 0129): each viewer who may see the live story slides once
/// (0–1); the owner and those who responded see the average; only the owner lists who responded and how far.
/// </summary>
public sealed class StorySlidersApi(NpgsqlDataSource db, AccessTokens tokens, WriteAllowances allowances, TimeProvider time)
{
    private static readonly OneTimeStickerAnswer<decimal> SliderResponse = new(SliderSql.Mine, "value",
        earlier => $"You already responded with {earlier}; a response cannot be changed.", "Already responded with another value.");

    /// <summary>POST /stories/{id}/slider/responses {value}: 201 the first time, 200 with the same value again, 409 with another.</summary>
    public async Task<IResult> Slide(HttpRequest request, string id, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!Guid.TryParse(id, out var storyId)) return Problems.NotFound("story");
        var body = await JsonBody.ReadAsync<SlideRequest>(request, ct);
        if (body.Error is not null) return body.Error;
        if (body.Value!.Value is not { } raw || double.IsNaN(raw) || raw is < 0 or > 1)
            return Problems.Validation("value", "Must be a number from 0 to 1.");
        var value = Math.Round((decimal)raw, 3, MidpointRounding.AwayFromZero); // what numeric(4,3) keeps

        var now = time.GetUtcNow();
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        // Tokens outlive accounts: a deleted or suspended account's answer would still reach the story's owner.
        if (!await People.IsLiveAsync(conn, tx, caller.UserId, ct)) return Problems.AccountGone();
        var slid = await conn.QuerySingleAsync<SlideRow>(new CommandDefinition(SliderSql.Slide,
            new { id = storyId, viewer = caller.UserId, value, now }, tx, cancellationToken: ct));
        if (slid.SliderId is not { } sliderId) return Problems.NotFound("slider");
        if (slid.AuthorId == caller.UserId) return StoryRules.OwnAnswer("respond to the slider of");
        return await SliderResponse.SettleAsync(conn, tx, allowances, slid.InsertedValue is not null, sliderId, caller.UserId, value, now,
            announce: () => Outbox.EnqueueAsync(conn, tx, time, StoryEvents.SliderResponded, caller.UserId,
                new StorySliderRespondedEvent(storyId, sliderId, slid.AuthorId!.Value, caller.UserId, value, StoryEvents.EntityType, storyId), ct),
            location: $"/api/v1/stories/{storyId}/slider", view: (slidTo, at) => new SlideView(sliderId, slidTo, at), ct);
    }

    /// <summary>GET /stories/{id}/slider: the sticker, with the average for its owner and for users who responded.</summary>
    public async Task<IResult> Get(HttpRequest request, string id, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!Guid.TryParse(id, out var storyId)) return Problems.NotFound("story");
        await using var conn = await db.OpenConnectionAsync(ct);
        var slider = await conn.QuerySingleOrDefaultAsync<SliderRow>(new CommandDefinition(SliderSql.Read,
            new { id = storyId, viewer = caller.UserId, now = time.GetUtcNow() }, cancellationToken: ct));
        if (slider is null) return await GoneCaller.NotFoundAsync(conn, caller.UserId, "slider", ct);
        var results = slider.AuthorId == caller.UserId || slider.MyValue is not null
            ? new SliderResults(slider.ResponseCount,
                slider.ResponseCount == 0 ? null : Math.Round(slider.ValueSum / slider.ResponseCount, 3, MidpointRounding.AwayFromZero))
            : null;
        return Api.Ok(new SliderView(slider.Id, slider.Question, slider.Emoji, slider.MyValue, results));
    }

    /// <summary>GET /stories/{id}/slider/responses: owner only (live or archived), newest first.</summary>
    public async Task<IResult> Responses(HttpRequest request, string id, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!Guid.TryParse(id, out var storyId)) return Problems.NotFound("story");
        if (!PageRequest.TryRead(request, out var page, out var error)) return error!;
        await using var conn = await db.OpenConnectionAsync(ct);
        var sliderId = await conn.ExecuteScalarAsync<Guid?>(new CommandDefinition(SliderSql.Own,
            new { id = storyId, owner = caller.UserId }, cancellationToken: ct));
        if (sliderId is null) return await GoneCaller.NotFoundAsync(conn, caller.UserId, "slider", ct);
        var result = await KeysetQuery.PageAsync<ResponseRow>(conn, SliderSql.Responses, page, new { sliderId, owner = caller.UserId },
            r => new Cursor(r.CreatedAt, r.Id), ct);
        return Api.Ok(result.Map(r => new SliderResponseItem(new StoryAuthor(r.Id, r.Username, r.Avatar), r.Value, r.CreatedAt)));
    }

    private sealed class SlideRow
    {
        public Guid? SliderId { get; set; }
        public Guid? AuthorId { get; set; }
        public decimal? InsertedValue { get; set; }
    }

    private sealed class SliderRow
    {
        public Guid Id { get; set; }
        public string Question { get; set; } = "";
        public string Emoji { get; set; } = "";
        public Guid AuthorId { get; set; }
        public decimal? MyValue { get; set; }
        public long ResponseCount { get; set; }
        public decimal ValueSum { get; set; }
    }

    private sealed class ResponseRow
    {
        public Guid Id { get; set; }
        public string Username { get; set; } = "";
        public string? Avatar { get; set; }
        public decimal Value { get; set; }
        public DateTimeOffset CreatedAt { get; set; }
    }
}
