using Dapper;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.DataModel;

/// <summary>The deliberate ON DELETE action of the foreign keys whose effect is not a plain cascade.</summary>
public sealed class OnDeleteTests
{
    private static async Task<T> InWorldAsync<T>(Func<World, Func<string, Task<T>>, Task<T>> test)
    {
        var db = await TestDatabase.GetAsync();
        await using var conn = await db.OpenConnectionAsync();
        await using var tx = await conn.BeginTransactionAsync();
        var world = await World.CreateAsync(conn, tx);
        var result = await test(world, async sql =>
            (await conn.QueryAsync<T>(sql, world.Parameters, tx)).Single());
        await tx.RollbackAsync();
        return result;
    }

    [Fact]
    public async Task Purging_an_account_removes_its_content_and_its_edges_in_both_directions()
    {
        var remaining = await InWorldAsync<long>(async (_, scalar) =>
        {
            await scalar("DELETE FROM users WHERE id = @a RETURNING 0::bigint");
            return await scalar("""
                SELECT (SELECT count(*) FROM posts WHERE user_id = @a) + (SELECT count(*) FROM stories WHERE user_id = @a)
                     + (SELECT count(*) FROM follows WHERE following_id = @a) + (SELECT count(*) FROM likes WHERE post_id = @post)
                     + (SELECT count(*) FROM feed_entries WHERE author_id = @a) + (SELECT count(*) FROM notifications WHERE user_id = @a)
                     + (SELECT count(*) FROM messages WHERE sender_id = @a) + (SELECT count(*) FROM uploads WHERE user_id = @a)
                """);
        });
        Assert.Equal(0, remaining);
    }

    [Theory]
    [InlineData("DELETE FROM users WHERE id = @a", """
        SELECT (SELECT count(*) FROM refresh_tokens WHERE user_id = @a) + (SELECT count(*) FROM login_throttles WHERE user_id = @a)
             + (SELECT count(*) FROM email_verifications WHERE user_id = @a) + (SELECT count(*) FROM password_resets WHERE user_id = @a)
             + (SELECT count(*) FROM email_change_reverts WHERE id = @email_revert)
             + (SELECT count(*) FROM feed_large_authors WHERE user_id = @a) + (SELECT count(*) FROM notification_read_marks WHERE user_id = @a)
             + (SELECT count(*) FROM idempotency_keys WHERE user_id = @a)
             + (SELECT count(*) FROM write_allowances WHERE user_id = @a)
        """)]
    [InlineData("DELETE FROM users WHERE id = @b", """
        SELECT (SELECT count(*) FROM saved_posts WHERE user_id = @b) + (SELECT count(*) FROM story_mentions WHERE user_id = @b)
             + (SELECT count(*) FROM feed_readers WHERE user_id = @b)
        """)]
    [InlineData("DELETE FROM posts WHERE id = @post",
        "SELECT (SELECT count(*) FROM saved_posts WHERE post_id = @post) + (SELECT count(*) FROM post_counter_state WHERE post_id = @post)")]
    [InlineData("DELETE FROM stories WHERE id = @story", "SELECT count(*) FROM story_mentions WHERE story_id = @story")]
    [InlineData("DELETE FROM account_two_factor WHERE user_id = @a", "SELECT count(*) FROM two_factor_reverts WHERE id = @two_factor_revert")]
    [InlineData("DELETE FROM email_changes WHERE id = @email_change",
        "SELECT (SELECT count(*) FROM email_verifications WHERE id = @verification) + (SELECT count(*) FROM email_change_reverts WHERE id = @email_revert)")]
    public async Task Cascade_removes_the_bookkeeping_of_what_is_deleted(string delete, string count)
    {
        long before = 0;
        var after = await InWorldAsync<long>(async (_, scalar) =>
        {
            before = await scalar(count);
            await scalar(delete + "; SELECT 0::bigint");
            return await scalar(count);
        });
        Assert.True(before > 0, "The world holds no row the delete could cascade to");
        Assert.Equal(0, after);
    }

    [Theory]
    [InlineData("DELETE FROM music_tracks WHERE id = @track", "SELECT music_track_id IS NULL FROM stories WHERE id = @story")]
    [InlineData("DELETE FROM refresh_tokens WHERE id = @refresh_token",
        "SELECT replaced_by IS NULL AND rotated_at IS NOT NULL FROM refresh_tokens WHERE id = @rotated_token")]
    [InlineData("DELETE FROM music_tracks WHERE id = @track", "SELECT music_track_id IS NULL AND text = 'hello' FROM notes WHERE id = @note")]
    [InlineData("DELETE FROM music_tracks WHERE id = @track", "SELECT music_track_id IS NULL AND deleted_at IS NULL FROM posts WHERE id = @post2")]
    [InlineData("UPDATE stories SET product_id = @product WHERE id = @story; DELETE FROM products WHERE id = @product",
        "SELECT product_id IS NULL AND deleted_at IS NULL FROM stories WHERE id = @story")]
    [InlineData("DELETE FROM audio_tracks WHERE id = @audio", "SELECT audio_track_id IS NULL FROM reels WHERE id = @reel")]
    [InlineData("UPDATE reels SET remix_of_id = @reel2 WHERE id = @reel; DELETE FROM reels WHERE id = @reel2",
        "SELECT remix_of_id IS NULL AND deleted_at IS NULL FROM reels WHERE id = @reel")]
    [InlineData("DELETE FROM uploads WHERE id = @up8", "SELECT thumbnail_upload_id IS NULL AND deleted_at IS NULL FROM igtv_videos WHERE id = @video")]
    [InlineData("DELETE FROM uploads WHERE id = @up1", "SELECT upload_id IS NULL AND blob_name IS NOT NULL FROM post_media WHERE id = @media")]
    [InlineData("DELETE FROM igtv_series WHERE id = @series",
        "SELECT series_id IS NULL AND user_id = @a FROM igtv_videos WHERE id = @video")]
    [InlineData("DELETE FROM users WHERE id = @b", "SELECT reporter_id IS NULL FROM reports WHERE id = @report")]
    [InlineData("DELETE FROM users WHERE id = @a", "SELECT suspended_by IS NULL FROM account_suspensions WHERE user_id = @b")]
    [InlineData("DELETE FROM reports WHERE id = @report", "SELECT report_id IS NULL FROM account_suspensions WHERE user_id = @b")]
    [InlineData("UPDATE suspension_appeals SET status = 'upheld', decided_at = now(), decided_by = @a WHERE id = @appeal; DELETE FROM users WHERE id = @a",
        "SELECT decided_by IS NULL AND status = 'upheld' FROM suspension_appeals WHERE id = @appeal")]
    [InlineData("DELETE FROM users WHERE id = @a", "SELECT created_by IS NULL FROM conversations WHERE id = @conversation")]
    [InlineData("""
        UPDATE messages SET message_type = 'post_share', content = NULL, shared_post_id = @post2 WHERE id = @message;
        DELETE FROM posts WHERE id = @post2
        """, "SELECT shared_post_id IS NULL FROM messages WHERE id = @message")]
    [InlineData("""
        UPDATE messages SET message_type = 'reel_share', content = NULL, shared_reel_id = @reel2 WHERE id = @message;
        DELETE FROM reels WHERE id = @reel2
        """, "SELECT shared_reel_id IS NULL AND message_type = 'reel_share' FROM messages WHERE id = @message")]
    [InlineData("""
        UPDATE messages SET message_type = 'video_share', content = NULL, shared_video_id = @video2 WHERE id = @message;
        DELETE FROM igtv_videos WHERE id = @video2
        """, "SELECT shared_video_id IS NULL AND message_type = 'video_share' FROM messages WHERE id = @message")]
    [InlineData("""
        INSERT INTO messages (id, conversation_id, sender_id, message_type, content, reply_to_message_id)
        VALUES (gen_random_uuid(), @conversation, @b, 'text', 'reply', @message);
        DELETE FROM messages WHERE id = @message
        """, "SELECT reply_to_message_id IS NULL FROM messages WHERE conversation_id = @conversation AND content = 'reply'")]
    [InlineData("DELETE FROM broadcast_channel_messages WHERE id = @channel_message",
        "SELECT reply_to_id IS NULL AND is_reply FROM broadcast_channel_messages WHERE id = @channel_reply")]
    [InlineData("""
        UPDATE collections SET cover_post_id = @post WHERE id = @collection;
        DELETE FROM collection_posts WHERE collection_id = @collection AND post_id = @post
        """, "SELECT cover_post_id IS NULL FROM collections WHERE id = @collection")]
    public async Task Set_null_keeps_the_row_and_clears_only_the_reference(string delete, string check)
    {
        var kept = await InWorldAsync<bool>(async (_, scalar) =>
        {
            await scalar(delete + "; SELECT true");
            return await scalar(check);
        });
        Assert.True(kept);
    }

    [Fact]
    public async Task Deleting_a_comment_removes_its_replies_and_a_story_leaves_its_highlights()
    {
        var remaining = await InWorldAsync<long>(async (_, scalar) =>
        {
            await scalar("""
                INSERT INTO comments (id, post_id, user_id, parent_id, content) VALUES (gen_random_uuid(), @post, @a, @comment, 'reply');
                DELETE FROM comments WHERE id = @comment;
                DELETE FROM stories WHERE id = @story;
                SELECT 0::bigint
                """);
            return await scalar("""
                SELECT (SELECT count(*) FROM comments WHERE post_id = @post)
                     + (SELECT count(*) FROM highlight_stories WHERE highlight_id = @highlight)
                     + (SELECT count(*) FROM deleted_highlight_stories WHERE highlight_id = @highlight)
                     - (SELECT count(*) FROM highlights WHERE id = @highlight)
                """);
        });
        Assert.Equal(-1, remaining); // no comments, no highlight links nor remembered places, the highlight itself stays
    }
}
