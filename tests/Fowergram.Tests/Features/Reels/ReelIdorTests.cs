using System.Net;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Reels;

/// <summary>Another user's ids on every reel write: 404, and the database is exactly as it was.</summary>
[Collection(ApiCollection.Name)]
public sealed class ReelIdorTests(FowergramApp app)
{
    private readonly ReelsClient _reels = new(app);

    [Fact]
    public async Task Writes_with_someone_elses_ids_are_404_and_change_nothing()
    {
        var victim = await _reels.NewUserAsync();
        var attacker = await _reels.NewUserAsync();
        var reel = await _reels.ReelIdAsync(victim, "mine");
        var victimsComment = await _reels.CommentAsync(victim, reel, "my words");
        var attackersReel = await _reels.ReelIdAsync(attacker);
        var otherComment = await _reels.CommentAsync(victim, attackersReel, "visiting");
        var victimsUpload = await _reels.VideoAsync(victim);
        var before = await StateAsync(victim, reel);

        var attempts = new[]
        {
            await _reels.SendAsync(HttpMethod.Patch, $"/api/v1/reels/{reel}", attacker, new { caption = "pwned", commentsDisabled = true }),
            await _reels.SendAsync(HttpMethod.Delete, $"/api/v1/reels/{reel}", attacker),
            await _reels.SendAsync(HttpMethod.Delete, $"/api/v1/reels/{reel}/comments/{victimsComment}", attacker),
            // A comment id of another reel, under the attacker's own reel, names nothing there.
            await _reels.SendAsync(HttpMethod.Delete, $"/api/v1/reels/{attackersReel}/comments/{victimsComment}", attacker),
            await _reels.SendAsync(HttpMethod.Post, $"/api/v1/reels/{attackersReel}/comments", attacker, new { content = "x", parentId = victimsComment }),
            await _reels.CreateAsync(attacker, new { uploadId = victimsUpload.UploadId, durationSeconds = 10 }),
        };

        Assert.All(attempts, r => Assert.Equal(HttpStatusCode.NotFound, r.StatusCode));
        foreach (var attempt in attempts) await attempt.AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(before, await StateAsync(victim, reel));
        Assert.Equal("pending", await _reels.Posts.Media.StatusInDatabaseAsync(victimsUpload.UploadId));
        // The owner of a reel may remove a visitor's comment on it: that is the rule, not an IDOR.
        await (await _reels.SendAsync(HttpMethod.Delete, $"/api/v1/reels/{attackersReel}/comments/{otherComment}", attacker)).EnsureNoContentAsync();
    }

    private Task<string> StateAsync(Media.TestUser victim, Guid reel) => _reels.Posts.ScalarAsync<string>("""
        SELECT concat_ws('|',
            (SELECT r.caption || r.comments_disabled || coalesce(r.deleted_at::text, '-') FROM reels r WHERE r.id = @reel),
            (SELECT string_agg(c.id::text || coalesce(c.deleted_at::text, '-'), ',' ORDER BY c.id) FROM reel_comments c WHERE c.user_id = @victim),
            (SELECT count(*) FROM reel_comments c WHERE c.parent_id IS NOT NULL AND c.reel_id = @reel),
            (SELECT count(*) FROM outbox o WHERE o.payload->>'reelId' = @reel::text))
        """, new { reel, victim = victim.Id });
}
