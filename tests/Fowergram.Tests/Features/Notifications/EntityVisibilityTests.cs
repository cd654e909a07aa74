using Fowergram.Tests.Features.Social;
using Fowergram.Tests.Infrastructure;
using VisibilityPolicy = Fowergram.Platform.Visibility.Visibility;

namespace Fowergram.Tests.Features.Notifications;

/// <summary>can_view_entity (migration 0021), which the notifications reader applies to every notice's entity.</summary>
[Collection(ApiCollection.Name)]
public sealed class EntityVisibilityTests(FowergramApp app)
{
    private readonly SocialWorld _w = new(app);

    /// <summary>
    /// Asks the function and its written-out form (Visibility.EntityFilter, what the notifications reader
    /// runs) and requires the same answer, so every assertion below holds for both.
    /// </summary>
    private static async Task<bool> CanViewAsync(SocialUser? viewer, string type, Guid id)
    {
        var args = new { viewer = viewer?.Id, type, id };
        var function = await SocialWorld.ScalarAsync<bool>("SELECT can_view_entity(@viewer, @type, @id, now())", args);
        var writtenOut = await SocialWorld.ScalarAsync<bool>($"SELECT {VisibilityPolicy.EntityFilter("@type", "@id", "now()")}", args);
        Assert.True(function == writtenOut, $"{type} {id}: can_view_entity {function}, written out {writtenOut}");
        return function;
    }

    private static async Task<Guid> InsertAsync(string sql, object args)
    {
        var id = Guid.CreateVersion7();
        var parameters = new Dapper.DynamicParameters(args);
        parameters.Add("id", id);
        await SocialWorld.ExecuteAsync(sql, parameters);
        return id;
    }

    [Fact]
    public async Task Posts_and_their_comments_follow_the_content_policy()
    {
        var (owner, stranger, commenter) = (await _w.UserAsync(), await _w.UserAsync(), await _w.UserAsync());
        var post = await InsertAsync("INSERT INTO posts (id, user_id) VALUES (@id, @owner)", new { owner = owner.Id });
        var archived = await InsertAsync("INSERT INTO posts (id, user_id, is_archived) VALUES (@id, @owner, true)", new { owner = owner.Id });
        var deleted = await InsertAsync("INSERT INTO posts (id, user_id, deleted_at) VALUES (@id, @owner, now())", new { owner = owner.Id });
        var comment = await InsertAsync("INSERT INTO comments (id, post_id, user_id, content) VALUES (@id, @post, @c, 'hi')",
            new { post, c = commenter.Id });

        Assert.True(await CanViewAsync(stranger, "post", post));
        Assert.True(await CanViewAsync(null, "post", post));
        Assert.False(await CanViewAsync(stranger, "post", archived));
        Assert.True(await CanViewAsync(owner, "post", archived));
        Assert.False(await CanViewAsync(owner, "post", deleted));
        Assert.True(await CanViewAsync(stranger, "comment", comment));

        await _w.BlockAsync(stranger, commenter);
        Assert.False(await CanViewAsync(stranger, "comment", comment)); // written by someone blocked
        await SocialWorld.ExecuteAsync("UPDATE users SET is_private = true WHERE id = @Id", new { owner.Id });
        Assert.False(await CanViewAsync(stranger, "post", post));
        Assert.False(await CanViewAsync(null, "comment", comment));
        Assert.True(await CanViewAsync(owner, "comment", comment));
    }

    [Fact]
    public async Task Products_follow_their_sellers_content_policy_until_deleted()
    {
        var (seller, stranger) = (await _w.UserAsync(), await _w.UserAsync());
        const string product = "INSERT INTO products (id, user_id, name, price, currency, deleted_at) VALUES (@id, @seller, 'Mug', 1, 'EUR', @deletedAt)";
        var live = await InsertAsync(product, new { seller = seller.Id, deletedAt = (DateTimeOffset?)null });
        var deleted = await InsertAsync(product, new { seller = seller.Id, deletedAt = (DateTimeOffset?)DateTimeOffset.UtcNow });

        Assert.True(await CanViewAsync(stranger, "product", live));
        Assert.True(await CanViewAsync(null, "product", live));
        Assert.False(await CanViewAsync(seller, "product", deleted));
        await _w.BlockAsync(seller, stranger);
        Assert.False(await CanViewAsync(stranger, "product", live));
        await SocialWorld.ExecuteAsync("UPDATE users SET is_private = true WHERE id = @Id", new { seller.Id });
        Assert.False(await CanViewAsync(null, "product", live));
        Assert.True(await CanViewAsync(seller, "product", live));
    }

    [Fact]
    public async Task Notes_are_seen_by_their_audience_while_live_and_by_their_author_while_they_exist()
    {
        var (author, mutual, fan, friend) = (await _w.UserAsync(), await _w.UserAsync(), await _w.UserAsync(), await _w.UserAsync());
        await _w.FollowAsync(author, mutual);
        await _w.FollowAsync(mutual, author);
        await _w.FollowAsync(fan, author);
        await _w.AddCloseFriendAsync(author, friend);
        const string note = """
            INSERT INTO notes (id, user_id, text, audience, created_at, expires_at) VALUES (@id, @author, 'hi', @audience, now(), now() + interval '1 day')
            """;
        var mutuals = await InsertAsync(note, new { author = author.Id, audience = "mutuals" });

        Assert.True(await CanViewAsync(author, "note", mutuals));
        Assert.True(await CanViewAsync(mutual, "note", mutuals));
        Assert.False(await CanViewAsync(fan, "note", mutuals)); // follows, is not followed back
        Assert.False(await CanViewAsync(friend, "note", mutuals));
        Assert.False(await CanViewAsync(null, "note", mutuals));

        await SocialWorld.ExecuteAsync("DELETE FROM notes WHERE id = @mutuals", new { mutuals });
        var closeFriends = await InsertAsync(note, new { author = author.Id, audience = "close_friends" });
        Assert.True(await CanViewAsync(friend, "note", closeFriends));
        Assert.False(await CanViewAsync(mutual, "note", closeFriends));
        Assert.False(await CanViewAsync(author, "note", mutuals)); // replaced: gone for its author too

        await SocialWorld.ExecuteAsync("UPDATE notes SET created_at = now() - interval '2 days', expires_at = now() - interval '1 day' WHERE id = @closeFriends",
            new { closeFriends });
        Assert.False(await CanViewAsync(friend, "note", closeFriends));
        Assert.True(await CanViewAsync(author, "note", closeFriends));
    }

    [Fact]
    public async Task Broadcast_channels_are_seen_while_live_and_unremoved_by_those_who_see_their_owners_content()
    {
        var (owner, follower, stranger) = (await _w.UserAsync(isPrivate: true), await _w.UserAsync(), await _w.UserAsync());
        await _w.FollowApprovedAsync(follower, owner);
        const string channel = """
            INSERT INTO broadcast_channels (id, owner_id, name, created_at, updated_at, ended_at, removed_at)
            VALUES (@id, @owner, 'Drops', now(), now(), @endedAt, @removedAt)
            """;
        DateTimeOffset? now = DateTimeOffset.UtcNow.AddSeconds(1), never = null;
        var live = await InsertAsync(channel, new { owner = owner.Id, endedAt = never, removedAt = never });
        var ended = await InsertAsync(channel, new { owner = owner.Id, endedAt = now, removedAt = never });
        var removed = await InsertAsync(channel, new { owner = owner.Id, endedAt = never, removedAt = now });

        Assert.True(await CanViewAsync(follower, "broadcast_channel", live));
        Assert.True(await CanViewAsync(owner, "broadcast_channel", live));
        Assert.False(await CanViewAsync(stranger, "broadcast_channel", live)); // a private owner's channel
        Assert.False(await CanViewAsync(null, "broadcast_channel", live));
        Assert.False(await CanViewAsync(follower, "broadcast_channel", ended)); // nobody is invited to an ended channel
        Assert.False(await CanViewAsync(owner, "broadcast_channel", removed));
        Assert.False(await CanViewAsync(follower, "broadcast_channel", Guid.CreateVersion7())); // gone

        await _w.BlockAsync(owner, follower);
        Assert.False(await CanViewAsync(follower, "broadcast_channel", live));
    }

    [Fact]
    public async Task Stories_are_seen_by_their_audience_until_they_expire_and_by_the_owner_after()
    {
        var (owner, follower, stranger) = (await _w.UserAsync(), await _w.UserAsync(), await _w.UserAsync());
        await _w.FollowAsync(follower, owner);
        const string story = """
            INSERT INTO stories (id, user_id, blob_name, media_type, audience, created_at, expires_at)
            VALUES (@id, @owner, 'stories/x', 'image', @audience, now() - @age, now() - @age + interval '24 hours')
            """;
        var live = await InsertAsync(story, new { owner = owner.Id, audience = "public", age = TimeSpan.FromHours(1) });
        var followersOnly = await InsertAsync(story, new { owner = owner.Id, audience = "followers", age = TimeSpan.FromHours(1) });
        var expired = await InsertAsync(story, new { owner = owner.Id, audience = "public", age = TimeSpan.FromHours(25) });

        Assert.True(await CanViewAsync(stranger, "story", live));
        Assert.False(await CanViewAsync(stranger, "story", followersOnly));
        Assert.True(await CanViewAsync(follower, "story", followersOnly));
        Assert.False(await CanViewAsync(follower, "story", expired));
        Assert.True(await CanViewAsync(owner, "story", expired));
    }

    [Fact]
    public async Task Stories_and_broadcasts_are_hidden_from_the_accounts_their_owner_hides_them_from()
    {
        var (owner, hidden, follower) = (await _w.UserAsync(), await _w.UserAsync(), await _w.UserAsync());
        await _w.FollowAsync(hidden, owner);
        await _w.FollowAsync(follower, owner);
        await _w.AddCloseFriendAsync(owner, hidden);
        var stories = new List<Guid>();
        foreach (var audience in new[] { "public", "followers", "close_friends" })
            stories.Add(await InsertAsync("""
                INSERT INTO stories (id, user_id, blob_name, media_type, audience, created_at, expires_at)
                VALUES (@id, @owner, 'stories/x', 'image', @audience, now() - interval '1 hour', now() + interval '23 hours')
                """, new { owner = owner.Id, audience }));
        var stream = await InsertAsync("INSERT INTO live_streams (id, user_id, stream_key_hash) VALUES (@id, @owner, md5(@owner::text))",
            new { owner = owner.Id });
        foreach (var story in stories) Assert.True(await CanViewAsync(hidden, "story", story));
        Assert.True(await CanViewAsync(hidden, "live_stream", stream));

        await SocialWorld.ExecuteAsync("INSERT INTO story_hidden_viewers (owner_id, viewer_id) VALUES (@owner, @hidden)",
            new { owner = owner.Id, hidden = hidden.Id });

        foreach (var story in stories)
        {
            Assert.False(await CanViewAsync(hidden, "story", story));
            Assert.True(await CanViewAsync(owner, "story", story));
        }
        Assert.False(await CanViewAsync(hidden, "live_stream", stream));
        Assert.True(await CanViewAsync(follower, "story", stories[1]));
        Assert.True(await CanViewAsync(follower, "live_stream", stream));
        Assert.True(await CanViewAsync(owner, "live_stream", stream));
        // Hiding is about stories and broadcasts alone: the profile stays.
        Assert.True(await CanViewAsync(hidden, "user", owner.Id));
    }

    [Fact]
    public async Task Reels_videos_streams_and_users_follow_the_policy_and_unknown_types_are_hidden()
    {
        var (owner, stranger) = (await _w.UserAsync(), await _w.UserAsync());
        var reel = await InsertAsync("INSERT INTO reels (id, user_id, video_blob_name, duration) VALUES (@id, @owner, 'reels/x', 10)",
            new { owner = owner.Id });
        var draft = await InsertAsync("""
            INSERT INTO igtv_videos (id, user_id, title, video_blob_name, duration) VALUES (@id, @owner, 'Draft', 'videos/x', 60)
            """, new { owner = owner.Id });
        var stream = await InsertAsync("INSERT INTO live_streams (id, user_id, stream_key_hash) VALUES (@id, @owner, md5(@owner::text))",
            new { owner = owner.Id });

        Assert.True(await CanViewAsync(stranger, "reel", reel));
        Assert.False(await CanViewAsync(stranger, "igtv_video", draft));
        Assert.True(await CanViewAsync(owner, "igtv_video", draft));
        Assert.True(await CanViewAsync(stranger, "live_stream", stream));
        Assert.True(await CanViewAsync(stranger, "user", owner.Id));
        Assert.False(await CanViewAsync(stranger, "message", owner.Id));
        Assert.False(await CanViewAsync(stranger, "post", Guid.NewGuid()));
        // Removed from the broadcast (migration 0093): hidden from that account alone.
        var removed = await _w.UserAsync();
        await SocialWorld.ExecuteAsync("INSERT INTO live_stream_removals (stream_id, user_id) VALUES (@stream, @removed)", new { stream, removed = removed.Id });
        Assert.False(await CanViewAsync(removed, "live_stream", stream));
        Assert.True(await CanViewAsync(null, "live_stream", stream));

        await _w.BlockAsync(owner, stranger);
        foreach (var (type, id) in new[] { ("reel", reel), ("live_stream", stream), ("user", owner.Id) })
            Assert.False(await CanViewAsync(stranger, type, id));
    }

    [Fact]
    public async Task A_trial_reel_and_its_comments_are_hidden_from_followers_and_close_friends_until_shared()
    {
        var (owner, follower, friend, stranger) = (await _w.UserAsync(), await _w.UserAsync(), await _w.UserAsync(), await _w.UserAsync());
        await _w.FollowAsync(follower, owner);
        await _w.AddCloseFriendAsync(owner, friend);
        var reel = await InsertAsync("""
            INSERT INTO reels (id, user_id, video_blob_name, duration, trial_status, trial_ends_at)
            VALUES (@id, @owner, 'reels/x', 10, 'running', now() + interval '72 hours')
            """, new { owner = owner.Id });
        var comment = await InsertAsync("INSERT INTO reel_comments (id, reel_id, user_id, content) VALUES (@id, @reel, @c, 'hi')",
            new { reel, c = stranger.Id });

        foreach (var (type, id) in new[] { ("reel", reel), ("reel_comment", comment) })
        {
            Assert.False(await CanViewAsync(follower, type, id));
            Assert.False(await CanViewAsync(friend, type, id));
            Assert.True(await CanViewAsync(stranger, type, id));
            Assert.True(await CanViewAsync(null, type, id));
            Assert.True(await CanViewAsync(owner, type, id));
        }
        await SocialWorld.ExecuteAsync("UPDATE reels SET trial_status = 'ended', trial_settled_at = now() WHERE id = @reel", new { reel });
        Assert.False(await CanViewAsync(follower, "reel", reel)); // ended unshared: still the non-followers' only
        await SocialWorld.ExecuteAsync("UPDATE reels SET trial_status = 'shared' WHERE id = @reel", new { reel });
        Assert.True(await CanViewAsync(follower, "reel", reel));
        Assert.True(await CanViewAsync(friend, "reel_comment", comment));
    }

    [Fact]
    public async Task Comments_on_videos_follow_their_videos_rule_and_hide_behind_blocks_and_deletion()
    {
        var (owner, stranger, commenter) = (await _w.UserAsync(), await _w.UserAsync(), await _w.UserAsync());
        const string Video = """
            INSERT INTO igtv_videos (id, user_id, title, video_blob_name, duration, is_published, published_at)
            VALUES (@id, @owner, 'Episode', 'videos/x', 60, @published, CASE WHEN @published THEN now() END)
            """;
        var published = await InsertAsync(Video, new { owner = owner.Id, published = true });
        var draft = await InsertAsync(Video, new { owner = owner.Id, published = false });
        const string Comment = "INSERT INTO igtv_comments (id, video_id, user_id, content) VALUES (@id, @video, @c, 'hi')";
        var comment = await InsertAsync(Comment, new { video = published, c = commenter.Id });
        var onDraft = await InsertAsync(Comment, new { video = draft, c = owner.Id });

        Assert.True(await CanViewAsync(stranger, "igtv_comment", comment));
        Assert.True(await CanViewAsync(null, "igtv_comment", comment));
        Assert.False(await CanViewAsync(stranger, "igtv_comment", onDraft));
        Assert.True(await CanViewAsync(owner, "igtv_comment", onDraft));

        await _w.BlockAsync(stranger, commenter);
        Assert.False(await CanViewAsync(stranger, "igtv_comment", comment)); // written by someone blocked
        Assert.True(await CanViewAsync(owner, "igtv_comment", comment));
        await SocialWorld.ExecuteAsync("UPDATE igtv_comments SET deleted_at = now() WHERE id = @comment", new { comment });
        Assert.False(await CanViewAsync(owner, "igtv_comment", comment));
    }

    /// <summary>Held comments (migration 0105): their writer and the thing's owner see them, nobody else (migration 0110).</summary>
    [Fact]
    public async Task A_held_comment_is_seen_by_its_writer_and_the_things_owner_only()
    {
        var (owner, stranger, writer) = (await _w.UserAsync(), await _w.UserAsync(), await _w.UserAsync());
        var post = await InsertAsync("INSERT INTO posts (id, user_id) VALUES (@id, @owner)", new { owner = owner.Id });
        var reel = await InsertAsync("INSERT INTO reels (id, user_id, video_blob_name, duration) VALUES (@id, @owner, 'reels/x', 10)", new { owner = owner.Id });
        var video = await InsertAsync("""
            INSERT INTO igtv_videos (id, user_id, title, video_blob_name, duration, is_published, published_at)
            VALUES (@id, @owner, 'Episode', 'videos/x', 60, true, now())
            """, new { owner = owner.Id });
        var held = new (string Type, Guid Id)[]
        {
            ("comment", await InsertAsync("INSERT INTO comments (id, post_id, user_id, content, held_at) VALUES (@id, @post, @w, 'hi', now())",
                new { post, w = writer.Id })),
            ("reel_comment", await InsertAsync("INSERT INTO reel_comments (id, reel_id, user_id, content, held_at) VALUES (@id, @reel, @w, 'hi', now())",
                new { reel, w = writer.Id })),
            ("igtv_comment", await InsertAsync("INSERT INTO igtv_comments (id, video_id, user_id, content, held_at) VALUES (@id, @video, @w, 'hi', now())",
                new { video, w = writer.Id })),
        };

        foreach (var (type, id) in held)
        {
            Assert.True(await CanViewAsync(writer, type, id));
            Assert.True(await CanViewAsync(owner, type, id));
            Assert.False(await CanViewAsync(stranger, type, id));
            Assert.False(await CanViewAsync(null, type, id));
        }
    }
}
