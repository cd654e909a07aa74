using Dapper;
using Fowergram.Features.Export;
using Fowergram.Features.Messages;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Messages;
using Fowergram.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Fowergram.Tests.Features.Export;

/// <summary>
/// The export's conversations read a page at a time (docs/export.md "Rules"), on a host whose pages hold three rows: threads
/// and messages across many pages, pages that end exactly at the end, and messages sent at the same instant (the clock stands
/// still), come out whole, in order, once each, and in the text one json_agg per thread made.
/// </summary>
public sealed class ConversationExportTests : IAsyncLifetime
{
    private const int PageSize = 3;
    private readonly FowergramApp _app = TestApps.WithOwnClock(b => b.Configuration["Export:PageSize"] = PageSize.ToString());
    private DmClient _dm = null!;

    public async Task InitializeAsync()
    {
        await _app.InitializeAsync();
        _dm = new DmClient(_app);
    }

    public Task DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task Threads_and_messages_beyond_a_page_are_exported_whole_in_order_and_as_json_agg_wrote_them()
    {
        var (me, friend, third) = (await _dm.NewUserAsync(), await _dm.NewUserAsync(), await _dm.NewUserAsync());
        var threads = new List<Guid> { await _dm.DirectAsync(me, friend) };
        for (var i = 0; i < 4; i++) await _dm.SendMessageAsync(i % 2 == 0 ? me : friend, threads[0], new { text = $"same instant {i}" });
        for (var i = 0; i < 6; i++) await _dm.SayAsync(i % 2 == 0 ? friend : me, threads[0], $"later {i}");
        threads.Add(await _dm.GroupAsync(friend, "Three", me, third));
        for (var i = 0; i < PageSize; i++) await _dm.SayAsync(third, threads[1], $"exactly a page {i}");
        threads.Add(await _dm.DirectAsync(me, third)); // no messages
        threads.Add(await _dm.GroupAsync(me, "Last", friend));
        await _dm.SayAsync(friend, threads[3], "one");

        var response = await _dm.Posts.GetAsync("/api/v1/users/me/export", me);
        var export = await response.ReadJsonAsync();

        var conversations = export.GetProperty("conversations").EnumerateArray().ToList();
        // Threads opened at one instant (the clock moves only with a message) come by id, as before.
        threads = [.. await DbAsync(conn => conn.QueryAsync<Guid>("SELECT id FROM conversations WHERE id = ANY(@threads) ORDER BY created_at, id",
            new { threads = threads.ToArray() }))];
        Assert.Equal(threads, conversations.Select(c => c.GetProperty("id").GetGuid()));
        Assert.Equal(10 + PageSize + 0 + 1, conversations.Sum(c => c.GetProperty("messages").GetArrayLength()));
        for (var i = 0; i < threads.Count; i++)
        {
            var expected = await WholeThreadAsync(threads[i], me);
            Assert.Equal(expected.Ids, conversations[i].GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("id").GetGuid()));
            Assert.Equal(expected.Text, conversations[i].GetProperty("messages").GetRawText()); // byte for byte, ", " and all
        }
        var longest = conversations.Single(c => c.GetProperty("messages").GetArrayLength() == 10);
        var texts = longest.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("text").GetString()).ToList();
        // The first five share one instant (the clock moves only after "later 0"): ordered by id, across a page boundary.
        Assert.Equal(["later 0", .. Enumerable.Range(0, 4).Select(i => $"same instant {i}")], texts.Take(5).Order(StringComparer.Ordinal));
        Assert.Equal(Enumerable.Range(1, 5).Select(i => $"later {i}"), texts.Skip(5));
    }

    private async Task<T> DbAsync<T>(Func<NpgsqlConnection, Task<T>> query)
    {
        await using var conn = await _app.Services.GetRequiredService<NpgsqlDataSource>().OpenConnectionAsync();
        return await query(conn);
    }

    /// <summary>The thread's messages in order, and the array one json_agg of the same items makes of them.</summary>
    private async Task<(List<Guid> Ids, string Text)> WholeThreadAsync(Guid thread, TestUser viewer)
    {
        await using var conn = await _app.Services.GetRequiredService<NpgsqlDataSource>().OpenConnectionAsync();
        var ids = (await conn.QueryAsync<Guid>("SELECT id FROM messages WHERE conversation_id = @thread ORDER BY created_at, id", new { thread })).ToList();
        var joinedAt = await conn.ExecuteScalarAsync<DateTimeOffset>(
            "SELECT joined_at FROM conversation_participants WHERE conversation_id = @thread AND user_id = @viewer", new { thread, viewer = viewer.Id });
        var text = await conn.ExecuteScalarAsync<string>($"""
            SELECT coalesce(json_agg({ConversationExport.MessageItem} ORDER BY m.created_at, m.id), '[]')::text
              FROM messages m JOIN users u ON u.id = m.sender_id WHERE m.conversation_id = @thread
            """, new { thread, viewer = viewer.Id, now = _app.Clock.GetUtcNow(), joinedAt,
                stillSince = _app.Services.GetRequiredService<VanishingRule>().StillSince() });
        return (ids, text!);
    }
}
