using System.Net.Http.Headers;
using System.Text;
using Dapper;
using Fowergram.Server.Events;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Fowergram.Tests.Platform.Http;

/// <summary>
/// Reliability checklist item 11 on every write route of the host, found from its route table, so a new route is covered
/// by itself: a stranger sends the ids of a private account's things (<see cref="FuzzWorld"/>'s owner, made private) in
/// the URL and in each plausible body of the route's area (uploads, posts, stories … all the owner's). No answer may be a
/// success where the URL names one of the owner's things, and no route may change a row that names the owner or one of
/// their things — a like, save, claim, notice, counter or event included. The hand-written cases per area (WriteIdorTests,
/// ReelIdorTests, VideoIdorTests, LiveIdorTests, ShoppingIdorTests, DmIsolationTests) check the answers route by route;
/// this one is the sweep. On a database of its own: the state compared is every table's.
/// </summary>
public sealed class ForeignIdWriteTests(ScratchDatabaseApp scratch) : IClassFixture<ScratchDatabaseApp>
{
    private FowergramApp App => scratch.App;

    /// <summary>The caller's own account and its sign-in flows: they name no one else's things.</summary>
    private static bool OwnAccountOnly(MappedRoute route) =>
        route.Template.StartsWith("/api/v1/auth/", StringComparison.Ordinal)
        || route.Template is "/api/v1/users/me" or "/api/v1/users/me/sessions" or "/api/v1/users/me/password";

    [Fact]
    public async Task A_stranger_sending_a_private_accounts_ids_to_every_write_route_changes_nothing_of_theirs()
    {
        var world = await FuzzWorld.CreateAsync(App);
        var posts = new PostsClient(App);
        await posts.ExecuteAsync("UPDATE users SET is_private = true WHERE id = @id", new { id = world.Owner.Id });
        var stranger = await posts.NewUserAsync();
        var values = new FuzzValues(world, App.Clock.GetUtcNow());
        var owners = OwnersIds(world).Select(id => id.ToString()).ToList();
        var mentionsOwner = string.Join("|", owners);
        var routes = RouteAnswers.DeletesLast(RouteTable.Of(App.Services).Where(r => r.Method != "GET" && !OwnAccountOnly(r)));
        var failures = new List<string>();
        var sent = 0;

        foreach (var route in routes)
        {
            var url = world.Fill(route);
            var namesOwners = owners.Any(id => url.Contains(id, StringComparison.Ordinal));
            await DrainAsync();
            var before = await StateAsync(mentionsOwner);
            foreach (var body in Bodies(route, values))
            {
                using var response = await SendAsync(route, url, body, stranger);
                sent++;
                if (!RouteAnswers.IsAcceptable(response) || (namesOwners && response.IsSuccessStatusCode && !await SameForAnyIdAsync(route, url, owners, body, stranger, response)))
                    failures.Add($"{route.Method} {url} [{body?.Label ?? "no body"}] → {await RouteAnswers.DescribeAsync(response)}");
            }
            await DrainAsync();
            var changed = (await StateAsync(mentionsOwner)).Where(t => before.GetValueOrDefault(t.Key) != t.Value).Select(t => t.Key).ToList();
            if (changed.Count > 0) failures.Add($"{route.Key} changed the owner's rows in {string.Join(", ", changed)}");
        }

        Assert.True(failures.Count == 0, $"{failures.Count} failures in {sent} requests:\n{string.Join("\n", failures.Take(60))}");
        // Not vacuous: the stranger was signed in throughout, so each refusal was the route's own.
        Assert.Equal(System.Net.HttpStatusCode.OK, (await App.Client.GetAsync("/api/v1/users/me", stranger.Token)).StatusCode);
    }

    /// <summary>
    /// A success that confirms nothing: the route answers a made-up id the same (taking back one's own choice about a
    /// thing, such as DELETE …/not-interested or DELETE /posts/{id}/tags/me, is a 204 for every id by design).
    /// </summary>
    private async Task<bool> SameForAnyIdAsync(MappedRoute route, string url, List<string> owners, FuzzBody? body, TestUser user,
        HttpResponseMessage answer)
    {
        var madeUp = owners.Aggregate(url, (u, id) => u.Replace(id, Guid.CreateVersion7().ToString(), StringComparison.Ordinal));
        using var response = await SendAsync(route, madeUp, body, user);
        return response.StatusCode == answer.StatusCode;
    }

    /// <summary>The owner and everything the world made that is the owner's (not the other accounts' notes, channels or posts).</summary>
    private static IEnumerable<Guid> OwnersIds(FuzzWorld w) =>
    [
        w.Owner.Id, w.Post, w.PostMedia, w.PostComment, w.Reel, w.ReelComment, w.LiveComment, w.VideoComment, w.Video, w.Series,
        w.PollStory, w.QuestionStory, w.Highlight, w.Collection, w.Conversation, w.Message, w.Live, w.Product, w.ProductImage,
        w.Notification, w.Channel, w.ChannelMessage, w.ChannelText, w.Upload.UploadId, .. w.Uploads.Values, w.RecentSearch, w.Avatar,
        w.Session, w.TrustedDevice, w.Passkey, w.PushSubscription, w.ScheduledPost, w.ScheduledToPublish, w.ScheduledReel,
        w.ScheduledReelToPublish, w.ScheduledChannel, w.ChannelScheduled, w.ChannelScheduledToPublish, w.DeletedCarouselItem,
        w.DeletedPost, w.DeletedReel, w.DeletedVideo, w.DeletedStory, w.Removal, w.Report,
    ];

    /// <summary>
    /// The owner's own activity (presence, time spent), which the hosts write in batches seconds after the owner's requests
    /// that built the world: a digest of them changes during the sweep whatever the stranger sends.
    /// </summary>
    private static readonly string[] WrittenLater = ["account_presence", "account_time_spent"];

    /// <summary>
    /// A digest per table of its rows whose text names the owner or one of their things: what any write touching them
    /// changes. Partitions are read through their parent.
    /// </summary>
    private async Task<Dictionary<string, string?>> StateAsync(string mentionsOwner)
    {
        await using var conn = await new PostsClient(App).Db.OpenConnectionAsync();
        var tables = (await conn.QueryAsync<string>("""
            SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition ORDER BY c.relname
            """)).Except(WrittenLater).ToList();
        var digest = string.Join("\nUNION ALL ", tables.Select(t =>
            $"SELECT '{t}' AS name, (SELECT md5(string_agg(r::text, ',' ORDER BY r::text)) FROM \"{t}\" r WHERE r::text ~ @mentionsOwner) AS digest"));
        return (await conn.QueryAsync<(string Name, string? Digest)>(digest, new { mentionsOwner })).ToDictionary(r => r.Name, r => r.Digest);
    }

    /// <summary>The plausible request of each request type of the route's area, and an empty one; DELETE sends none.</summary>
    private static IEnumerable<FuzzBody?> Bodies(MappedRoute route, FuzzValues values)
    {
        if (route.Method == "DELETE" || route.Area is null) return [null];
        return FuzzBodies.RequestTypesOf(route.Area).Select(t => (FuzzBody?)FuzzBodies.PlausibleOf(t, values)).Prepend(new FuzzBody("{}", "{}"));
    }

    private Task<HttpResponseMessage> SendAsync(MappedRoute route, string url, FuzzBody? body, TestUser user)
    {
        var request = new HttpRequestMessage(new HttpMethod(route.Method), url);
        if (body is not null) request.Content = new StringContent(body.Json, Encoding.UTF8, "application/json");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", user.Token);
        return App.Client.SendAsync(request);
    }

    private Task DrainAsync() => App.Services.GetRequiredService<EventPipeline>().DrainAsync(TimeSpan.FromSeconds(60));
}
