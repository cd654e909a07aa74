using System.Net.Http.Headers;
using System.Text;
using Fowergram.Server.Events;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Fowergram.Tests.Platform.Http;

/// <summary>
/// Reliability checklist item 11 on every write route of the host, found from its route table, so a new route is covered
/// by itself: a caller sends the ids of another account's things (<see cref="FuzzWorld"/>'s owner) in the URL and in each
/// plausible body of the route's area (uploads, posts, stories … all the owner's), as a stranger to a private owner, as a
/// follower of a public one, and as an accepted follower and close friend of a private one — the standings whose extra
/// reach (the owner's posts, stories and close-friends content are theirs to see and answer) is where a write check that
/// confuses "may see" with "may change" would show. No route may change a row that names the owner or one of their
/// things — a like, save, claim, notice, counter or event included — except, for a follower, what is their own
/// interaction: a new row naming them (their like, comment, vote, share), the counters it moves, and never one naming
/// something only the owner sees (a conversation, collection, upload, session …). A stranger may not even get a success
/// where the URL names one of the owner's things. The hand-written cases per area (WriteIdorTests, ReelIdorTests,
/// VideoIdorTests, LiveIdorTests, ShoppingIdorTests, DmIsolationTests) check the answers route by route; this is the
/// sweep. On a database of its own: the state compared is every table's.
/// </summary>
public sealed class ForeignIdWriteTests(ScratchDatabaseApp scratch) : IClassFixture<ScratchDatabaseApp>
{
    private FowergramApp App => scratch.App;

    public enum Standing { Stranger, Follower, CloseFriend }

    /// <summary>The caller's own account and its sign-in flows: they name no one else's things.</summary>
    private static bool OwnAccountOnly(MappedRoute route) =>
        route.Template.StartsWith("/api/v1/auth/", StringComparison.Ordinal)
        || route.Template is "/api/v1/users/me" or "/api/v1/users/me/sessions" or "/api/v1/users/me/password";

    [Theory]
    [InlineData(Standing.Stranger)]
    [InlineData(Standing.Follower)]
    [InlineData(Standing.CloseFriend)]
    public async Task A_caller_sending_another_accounts_ids_to_every_write_route_changes_nothing_of_theirs(Standing standing)
    {
        var world = await FuzzWorld.CreateAsync(App);
        var posts = new PostsClient(App);
        var caller = await CallerAsync(posts, world, standing);
        var values = new FuzzValues(world, App.Clock.GetUtcNow());
        var owners = OwnersIds(world).Select(id => id.ToString()).ToList();
        var rows = new OwnerRows(string.Join("|", owners), caller.Id.ToString(), string.Join("|", PrivateIds(world)),
            ignoreCounters: standing != Standing.Stranger);
        var routes = RouteAnswers.DeletesLast(RouteTable.Of(App.Services).Where(r => r.Method != "GET" && !OwnAccountOnly(r)));
        var failures = new List<string>();
        var sent = 0;
        await DrainAsync();
        // What named the caller before the sweep (their follow, their place among close friends) is the owner's too.
        var callersBefore = (await ReadAsync(rows)).Where(r => r.NamesCaller).ToHashSet();

        foreach (var route in routes)
        {
            var url = world.Fill(route);
            var namesOwners = owners.Any(id => url.Contains(id, StringComparison.Ordinal));
            await DrainAsync();
            var before = await ReadAsync(rows);
            foreach (var body in Bodies(route, values))
            {
                using var response = await SendAsync(route, url, body, caller);
                sent++;
                var refused = standing != Standing.Stranger || !namesOwners || !response.IsSuccessStatusCode
                              || await SameForAnyIdAsync(route, url, owners, body, caller, response);
                if (!RouteAnswers.IsAcceptable(response) || !refused)
                    failures.Add($"{route.Method} {url} [{body?.Label ?? "no body"}] → {await RouteAnswers.DescribeAsync(response)}");
            }
            await DrainAsync();
            var after = await ReadAsync(rows);
            var changed = Unexplained(before, after, callersBefore, standing).Select(r => r.ToString()).Distinct().ToList();
            if (changed.Count > 0) failures.Add($"{route.Key} changed the owner's rows in {string.Join(", ", changed)}");
        }

        Assert.True(failures.Count == 0, $"{failures.Count} failures in {sent} requests as a {standing}:\n{string.Join("\n", failures.Take(60))}");
        // Not vacuous: the caller was signed in throughout, so each refusal was the route's own; a follower still follows.
        Assert.Equal(System.Net.HttpStatusCode.OK, (await App.Client.GetAsync("/api/v1/users/me", caller.Token)).StatusCode);
        Assert.Equal(standing != Standing.Stranger, await posts.ScalarAsync<bool>(
            "SELECT EXISTS (SELECT 1 FROM follows WHERE follower_id = @caller AND following_id = @owner)", new { caller = caller.Id, owner = world.Owner.Id }));
    }

    /// <summary>
    /// The owner's rows a route added, changed (a changed row is one gone and one added) or removed, less what a follower's
    /// own interaction explains: a row naming them that was not there before the sweep (their like, comment, vote, their
    /// notice to the owner, and its undoing), or the owner's side of a thread the caller opened (a story reply starts a
    /// conversation: the owner's participant row names the owner and the new thread only) — added, never changed or
    /// removed. Neither may name something only the owner sees. A stranger's sweep explains nothing away.
    /// </summary>
    private static IEnumerable<OwnerRows.Row> Unexplained(HashSet<OwnerRows.Row> before, HashSet<OwnerRows.Row> after,
        HashSet<OwnerRows.Row> callersBefore, Standing standing)
    {
        var added = after.Except(before);
        var removed = before.Except(after);
        if (standing == Standing.Stranger) return added.Concat(removed);
        bool CallersOwn(OwnerRows.Row r) => r.NamesCaller && !r.NamesPrivate && !callersBefore.Contains(r);
        return added.Where(r => !CallersOwn(r) && !(OwnersSideOfCallersAct.Contains(r.Table) && !r.NamesPrivate))
            .Concat(removed.Where(r => !CallersOwn(r)));
    }

    private static readonly HashSet<string> OwnersSideOfCallersAct = ["conversation_participants"];

    /// <summary>
    /// The caller, in their standing towards the owner, made through the API as a user would: a stranger to a private
    /// account; a follower of a public one; a follower approved by a private one who also put them among close friends.
    /// </summary>
    private static async Task<TestUser> CallerAsync(PostsClient posts, FuzzWorld world, Standing standing)
    {
        var caller = await posts.NewUserAsync();
        if (standing != Standing.Follower)
            await posts.ExecuteAsync("UPDATE users SET is_private = true WHERE id = @id", new { id = world.Owner.Id });
        if (standing == Standing.Stranger) return caller;
        (await posts.SendAsync(HttpMethod.Put, $"/api/v1/users/{world.Owner.Username}/follow", caller)).EnsureSuccessStatusCode();
        if (standing == Standing.CloseFriend)
        {
            (await posts.SendAsync(HttpMethod.Post, $"/api/v1/users/me/follow-requests/{caller.Username}/approve", world.Owner)).EnsureSuccessStatusCode();
            (await posts.SendAsync(HttpMethod.Put, $"/api/v1/users/me/close-friends/{caller.Username}", world.Owner)).EnsureSuccessStatusCode();
        }
        return caller;
    }

    private async Task<HashSet<OwnerRows.Row>> ReadAsync(OwnerRows rows)
    {
        await using var conn = await new PostsClient(App).Db.OpenConnectionAsync();
        return await rows.ReadAsync(conn);
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
    /// What only the owner sees or uses, which no follower's interaction may name: their conversation and its message,
    /// collection, notices, uploads, sign-ins, drafts, bin, reports and searches.
    /// </summary>
    private static IEnumerable<string> PrivateIds(FuzzWorld w) => new[]
    {
        w.Collection, w.Conversation, w.Message, w.Notification, w.Upload.UploadId, w.RecentSearch, w.Avatar, w.Session,
        w.TrustedDevice, w.Passkey, w.PushSubscription, w.ScheduledPost, w.ScheduledToPublish, w.ScheduledReel,
        w.ScheduledReelToPublish, w.ChannelScheduled, w.ChannelScheduledToPublish, w.DeletedCarouselItem, w.DeletedPost,
        w.DeletedReel, w.DeletedVideo, w.DeletedStory, w.Removal, w.Report,
    }.Concat(w.Uploads.Values).Select(id => id.ToString());

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
