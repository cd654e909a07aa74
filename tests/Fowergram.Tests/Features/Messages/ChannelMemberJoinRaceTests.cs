using System.Net;
using Dapper;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Messages;

/// <summary>
/// A mute, unmute or read mark that races the same account's join from another device: the write's statement finds no
/// membership row, then the join commits before the route asks why nothing was written. The race is made deterministic by a
/// statement trigger on the members table that writes this one account's join right after the write's statement looked
/// (for this account and channel only, so other tests' writes are unaffected), dropped at the end.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class ChannelMemberJoinRaceTests(FowergramApp app)
{
    private readonly ChannelClient _channels = new(app);

    public static TheoryData<string, string> Writes() => new()
    {
        { "PUT", "mute" },
        { "DELETE", "mute" },
        { "POST", "read" },
    };

    /// <summary>
    /// Before, the route answered 409 "You joined this channel meanwhile; send this again" and wrote nothing: the client had
    /// to repeat a request the server could complete itself. Now the write runs once more, on a snapshot that holds the join.
    /// </summary>
    [Theory]
    [MemberData(nameof(Writes))]
    public async Task A_write_that_raced_the_callers_own_join_is_written_not_refused(string method, string action)
    {
        var owner = await _channels.Posts.NewUserAsync();
        var joiner = await _channels.Posts.NewUserAsync();
        var channel = await _channels.CreateAsync(owner);
        await _channels.PostAsync(owner, channel, new { text = "First drop" });
        var db = await TestDatabase.GetAsync();
        var name = "join_meanwhile_" + Guid.NewGuid().ToString("N")[..12];
        await using var conn = await db.OpenConnectionAsync();
        // The join's own row as POST /join writes it: read up to nothing yet (joined_at), not muted.
        await conn.ExecuteAsync($"""
            CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $f$
            BEGIN
                INSERT INTO broadcast_channel_members (channel_id, user_id, joined_at, last_read_at, is_muted)
                VALUES ('{channel}', '{joiner.Id}', '2000-01-01Z', '2000-01-01Z', {(method == "DELETE" ? "true" : "false")})
                ON CONFLICT DO NOTHING;
                RETURN NULL;
            END $f$;
            CREATE TRIGGER {name} AFTER UPDATE ON broadcast_channel_members FOR EACH STATEMENT EXECUTE FUNCTION {name}();
            """);
        HttpResponseMessage response;
        try
        {
            response = await _channels.Posts.SendAsync(new HttpMethod(method), $"/api/v1/channels/{channel}/{action}", joiner);
        }
        finally
        {
            await conn.ExecuteAsync($"DROP TRIGGER {name} ON broadcast_channel_members; DROP FUNCTION {name}();");
        }

        await response.EnsureNoContentAsync();
        var (muted, readAt) = await conn.QuerySingleAsync<(bool, DateTime)>(
            "SELECT is_muted, last_read_at FROM broadcast_channel_members WHERE channel_id = @channel AND user_id = @id",
            new { channel, id = joiner.Id });
        if (action == "mute") Assert.Equal(method == "PUT", muted);
        else Assert.True(readAt.Year > 2000, "the read mark stayed where the join put it");
    }
}
