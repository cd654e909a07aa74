using Dapper;
using Fowergram.Tests.Infrastructure;
using Npgsql;
using VisibilityPolicy = Fowergram.Platform.Visibility.Visibility;

namespace Fowergram.Tests.Platform.Visibility;

/// <summary>
/// Every cell of relationship × account kind × surface for the one visibility policy. Feature tests
/// then prove each read path asks it; this proves what it answers.
/// </summary>
public sealed class VisibilityMatrixTests
{
    public enum Relation { Anonymous, Stranger, PendingRequester, Follower, CloseFriend, Blocked, Blocker, Owner }
    public enum Surface { Profile, Content, PublicStory, FollowersStory, CloseFriendsStory }

    private static readonly Relation[] SeesPrivateContent = [Relation.Follower, Relation.CloseFriend, Relation.Owner];

    public static TheoryData<Relation, bool, Surface, bool> Cells()
    {
        var data = new TheoryData<Relation, bool, Surface, bool>();
        foreach (var relation in Enum.GetValues<Relation>())
        foreach (var isPrivate in new[] { false, true })
        foreach (var surface in Enum.GetValues<Surface>())
            data.Add(relation, isPrivate, surface, Expected(relation, isPrivate, surface));
        return data;
    }

    private static bool Expected(Relation relation, bool isPrivate, Surface surface)
    {
        if (relation == Relation.Owner) return true;
        if (relation is Relation.Blocked or Relation.Blocker) return false;
        var content = !isPrivate || SeesPrivateContent.Contains(relation);
        return surface switch
        {
            Surface.Profile => true,
            Surface.Content or Surface.PublicStory => content,
            Surface.FollowersStory => relation is Relation.Follower or Relation.CloseFriend,
            Surface.CloseFriendsStory => relation is Relation.CloseFriend,
            _ => throw new ArgumentOutOfRangeException(nameof(surface)),
        };
    }

    [Theory]
    [MemberData(nameof(Cells))]
    public async Task Policy_answers_every_cell(Relation relation, bool isPrivate, Surface surface, bool expected)
    {
        var db = await TestDatabase.GetAsync();
        var (owner, viewer) = await ArrangeAsync(db, relation, isPrivate);
        var policy = new VisibilityPolicy(db);

        var actual = surface switch
        {
            Surface.Profile => await policy.CanViewProfileAsync(viewer, owner, default),
            Surface.Content => await policy.CanViewContentAsync(viewer, owner, default),
            Surface.PublicStory => await policy.CanViewStoryAsync(viewer, owner, "public", default),
            Surface.FollowersStory => await policy.CanViewStoryAsync(viewer, owner, "followers", default),
            _ => await policy.CanViewStoryAsync(viewer, owner, "close_friends", default),
        };
        Assert.Equal(expected, actual);
    }

    public enum OwnerState { Live, Deleted, Deactivated }

    public static TheoryData<Relation, bool, OwnerState> WrittenOutCells()
    {
        var data = new TheoryData<Relation, bool, OwnerState>();
        foreach (var relation in Enum.GetValues<Relation>())
        foreach (var isPrivate in new[] { false, true })
        foreach (var state in Enum.GetValues<OwnerState>())
            data.Add(relation, isPrivate, state);
        return data;
    }

    /// <summary>The written-out filters (Visibility.ContentFilter, ProfileFilter, BlockedBetween: every post query, the lists, the notification consumers) answer as the functions do.</summary>
    [Theory]
    [MemberData(nameof(WrittenOutCells))]
    public async Task Written_out_filters_answer_as_the_policy_functions(Relation relation, bool isPrivate, OwnerState state)
    {
        var db = await TestDatabase.GetAsync();
        var (owner, viewer) = await ArrangeAsync(db, relation, isPrivate);
        await using var conn = await db.OpenConnectionAsync();
        await conn.ExecuteAsync(state switch
        {
            OwnerState.Deleted => "UPDATE users SET deleted_at = now() WHERE id = @owner",
            OwnerState.Deactivated => "UPDATE users SET is_active = false WHERE id = @owner",
            _ => "SELECT 1",
        }, new { owner });

        var (function, writtenOut) = await conn.QuerySingleAsync<(bool, bool)>(
            $"SELECT can_view_content(@viewer, @owner), coalesce({VisibilityPolicy.ContentFilter("@owner")}, false)", new { viewer, owner });
        // The notification consumers bind the viewer under another name.
        var recipientForm = await conn.QuerySingleAsync<bool>(
            $"SELECT coalesce({VisibilityPolicy.ContentFilter("@owner", "@recipient")}, false)", new { recipient = viewer, owner });
        var (blockedFunction, blockedWrittenOut) = await conn.QuerySingleAsync<(bool, bool)>(
            $"SELECT is_blocked_between(@viewer, @owner), {VisibilityPolicy.BlockedBetween("@viewer", "@owner")}", new { viewer, owner });
        var (profileFunction, profileWrittenOut) = await conn.QuerySingleAsync<(bool, bool)>(
            $"SELECT can_view_profile(@viewer, @owner), {VisibilityPolicy.ProfileFilter("@owner")}", new { viewer, owner });

        Assert.Equal(function, writtenOut);
        Assert.Equal(function, recipientForm);
        Assert.Equal(blockedFunction, blockedWrittenOut);
        Assert.Equal(profileFunction, profileWrittenOut);
        foreach (var audience in new[] { "public", "followers", "close_friends" })
        {
            var (storyFunction, storyWrittenOut) = await conn.QuerySingleAsync<(bool, bool)>(
                $"SELECT can_view_story(@viewer, @owner, @audience), coalesce({VisibilityPolicy.StoryFilter("@owner", "@audience")}, false)",
                new { viewer, owner, audience });
            Assert.True(storyFunction == storyWrittenOut, $"{audience} story: can_view_story {storyFunction}, written out {storyWrittenOut}");
        }
        if (state == OwnerState.Live && relation != Relation.Owner)
            Assert.Equal(Expected(relation, isPrivate, Surface.Content), writtenOut);
    }

    [Fact]
    public async Task Deleted_or_deactivated_accounts_are_invisible_to_others()
    {
        var db = await TestDatabase.GetAsync();
        var policy = new VisibilityPolicy(db);
        var viewer = await InsertUserAsync(db, isPrivate: false);
        var deleted = await InsertUserAsync(db, isPrivate: false);
        var inactive = await InsertUserAsync(db, isPrivate: false);
        await using var conn = await db.OpenConnectionAsync();
        await conn.ExecuteAsync("UPDATE users SET deleted_at = now() WHERE id = @deleted; UPDATE users SET is_active = false WHERE id = @inactive",
            new { deleted, inactive });

        foreach (var owner in new[] { deleted, inactive })
        {
            Assert.False(await policy.CanViewProfileAsync(viewer, owner, default));
            Assert.False(await policy.CanViewContentAsync(viewer, owner, default));
            Assert.False(await policy.CanViewStoryAsync(null, owner, "public", default));
        }
    }

    [Fact]
    public async Task Profile_lookup_by_username_is_case_insensitive_and_hides_blocked_accounts()
    {
        var db = await TestDatabase.GetAsync();
        var policy = new VisibilityPolicy(db);
        var (owner, blocked) = await ArrangeAsync(db, Relation.Blocked, isPrivate: false);
        var username = await UsernameAsync(db, owner);

        Assert.Equal(owner, await policy.FindVisibleProfileAsync(null, username.ToUpperInvariant(), default));
        Assert.Null(await policy.FindVisibleProfileAsync(blocked, username, default));
        Assert.Null(await policy.FindVisibleProfileAsync(null, "no_such_" + Guid.NewGuid().ToString("N")[..8], default));
    }

    private static async Task<(Guid Owner, Guid? Viewer)> ArrangeAsync(NpgsqlDataSource db, Relation relation, bool isPrivate)
    {
        var owner = await InsertUserAsync(db, isPrivate);
        if (relation == Relation.Owner) return (owner, owner);
        if (relation == Relation.Anonymous) return (owner, null);
        var viewer = await InsertUserAsync(db, isPrivate: false);
        await using var conn = await db.OpenConnectionAsync();
        var sql = relation switch
        {
            Relation.PendingRequester => "INSERT INTO follow_requests (requester_id, target_id) VALUES (@viewer, @owner)",
            Relation.Follower => "INSERT INTO follows (follower_id, following_id) VALUES (@viewer, @owner)",
            Relation.CloseFriend => """
                INSERT INTO follows (follower_id, following_id) VALUES (@viewer, @owner);
                INSERT INTO close_friends (user_id, friend_id) VALUES (@owner, @viewer)
                """,
            // A block also removes follows, as the API does; the follow row here proves the block wins anyway.
            Relation.Blocked => """
                INSERT INTO follows (follower_id, following_id) VALUES (@viewer, @owner);
                INSERT INTO blocks (blocker_id, blocked_id) VALUES (@owner, @viewer)
                """,
            Relation.Blocker => "INSERT INTO blocks (blocker_id, blocked_id) VALUES (@viewer, @owner)",
            _ => null,
        };
        if (sql is not null) await conn.ExecuteAsync(sql, new { viewer, owner });
        return (owner, viewer);
    }

    private static async Task<Guid> InsertUserAsync(NpgsqlDataSource db, bool isPrivate)
    {
        var id = Guid.CreateVersion7();
        var name = "vis" + id.ToString("N")[^20..];
        await using var conn = await db.OpenConnectionAsync();
        await conn.ExecuteAsync("""
            INSERT INTO users (id, email, username, hashed_password, is_private)
            VALUES (@id, @email, @name, 'x', @isPrivate)
            """, new { id, email = name + "@example.com", name, isPrivate });
        return id;
    }

    private static async Task<string> UsernameAsync(NpgsqlDataSource db, Guid id)
    {
        await using var conn = await db.OpenConnectionAsync();
        return await conn.ExecuteScalarAsync<string>("SELECT username FROM users WHERE id = @id", new { id }) ?? "";
    }
}
