using System.Net;
using System.Text.Json;
using Fowergram.Tests.Features.Live;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Messages;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Features.Reels;
using Fowergram.Tests.Features.Shopping;
using Fowergram.Tests.Features.Stories;
using Fowergram.Tests.Features.Videos;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Platform.Http;

/// <summary>
/// One account that owns one of everything the API has an id for (a post with a comment, a reel with a comment, a
/// video in a series, stories with a poll, a slider, a quiz and a countdown and with a question, a highlight, a collection, a conversation with a message, a
/// live broadcast, a product, a notification, an upload, a recent search), and a second account. Route parameters are
/// filled with these real ids, so hostile input reaches the code behind the "not found" checks.
/// </summary>
public sealed class FuzzWorld
{
    public required TestUser Owner { get; init; }
    public required TestUser Other { get; init; }
    /// <summary>Asks to follow the owner, as <see cref="Other"/> does: one request to approve, this one to decline.</summary>
    public required TestUser Decliner { get; init; }
    public required Guid Post { get; init; }
    public required Guid OtherPost { get; init; }
    /// <summary>The first photo of <see cref="Post"/> (its only one: removing it is a 409).</summary>
    public required Guid PostMedia { get; init; }
    public required Guid PostComment { get; init; }
    public required Guid Reel { get; init; }
    public required Guid ReelComment { get; init; }
    public required Guid LiveComment { get; init; }
    public required Guid VideoComment { get; init; }
    public required Guid Video { get; init; }
    public required Guid Series { get; init; }
    public required Guid PollStory { get; init; }
    public required Guid QuestionStory { get; init; }
    public required Guid Highlight { get; init; }
    public required Guid Collection { get; init; }
    public required Guid Conversation { get; init; }
    public required Guid Message { get; init; }
    public required Guid Live { get; init; }
    public required Guid Product { get; init; }
    public required Guid ProductImage { get; init; }
    public required Guid Notification { get; init; }

    /// <summary>A report by the other account about the owner's post; the owner is a moderator, so the queue's routes answer.</summary>
    public required Guid Report { get; init; }

    /// <summary>A note shown to the owner (the other account's, for close friends).</summary>
    public required Guid Note { get; init; }
    /// <summary>A broadcast channel of the owner's, and a poll posted in it (for /channels/{id}/messages/{messageId}/…).</summary>
    public required Guid Channel { get; init; }
    public required Guid ChannelMessage { get; init; }
    /// <summary>A text message of the owner's in that channel: what an edit (PATCH …/messages/{messageId}) can change.</summary>
    public required Guid ChannelText { get; init; }
    /// <summary>Channels of the other account's whose co-host invitation the owner answers: one to accept, one to decline.</summary>
    public required IReadOnlyDictionary<string, Guid> CohostOf { get; init; }
    /// <summary>An uploaded MP4 for a post, not used yet (the media routes' target).</summary>
    public required Slot Upload { get; init; }
    /// <summary>Unused uploads of the right purpose for each area's requests (by namespace), the post one elsewhere.</summary>
    public required IReadOnlyDictionary<string, Guid> Uploads { get; init; }
    public required Guid RecentSearch { get; init; }
    public required Guid Track { get; init; }
    public required Guid Avatar { get; init; }
    /// <summary>A track of the stories' music catalogue (reels use <see cref="Track"/>, an audio track).</summary>
    public required Guid Music { get; init; }
    /// <summary>The account the owner blocks (so that blocking touches nobody the other routes need).</summary>
    public required TestUser Stranger { get; init; }
    /// <summary>An account a moderator (the owner) suspended, so that the suspension routes find one; DELETE lifts it, last.</summary>
    public required TestUser Suspended { get; init; }
    /// <summary>A live session of the owner's (a refresh-token family), for DELETE /users/me/sessions/{id}.</summary>
    public required Guid Session { get; init; }
    /// <summary>A device the owner trusts (written directly: the owner has no second factor), for DELETE /users/me/trusted-devices/{id}.</summary>
    public required Guid TrustedDevice { get; init; }
    /// <summary>A passkey of the owner's (written directly: no authenticator answers here), for /users/me/passkeys/{id}.</summary>
    public required Guid Passkey { get; init; }

    /// <summary>A browser's push key: a real P-256 point, so the push job's encryption works and only the send fails.</summary>
    internal static byte[] BrowserKey()
    {
        using var key = System.Security.Cryptography.ECDiffieHellman.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        return Fowergram.Features.Notifications.Push.WebPushEncryption.PublicKeyOf(key);
    }

    /// <summary>A push subscription of the owner's (written directly, at the tests' closed push service), for /users/me/push-subscriptions/{id}.</summary>
    public required Guid PushSubscription { get; init; }
    /// <summary>The suspended account's open appeal, for the /moderation/appeals/{id} routes.</summary>
    public required Guid Appeal { get; init; }
    public required string Hashtag { get; init; }
    /// <summary>Two of the owner's scheduled posts: one for the routes that read, change and cancel, one for publishing.</summary>
    public required Guid ScheduledPost { get; init; }
    public required Guid ScheduledToPublish { get; init; }
    /// <summary>Two of the owner's scheduled reels, the same way round: one to read, change and cancel, one to publish.</summary>
    public required Guid ScheduledReel { get; init; }
    public required Guid ScheduledReelToPublish { get; init; }
    /// <summary>
    /// A second channel of the owner's for the scheduled-message routes, with two of them: one to cancel, one to publish. Not
    /// <see cref="Channel"/>, which POST …/end ends (and so drops its scheduled messages) before those routes run.
    /// </summary>
    public required Guid ScheduledChannel { get; init; }
    public required Guid ChannelScheduled { get; init; }
    public required Guid ChannelScheduledToPublish { get; init; }
    /// <summary>A carousel item of the owner's in Recently deleted, for DELETE /users/me/carousel-items/deleted/{mediaId}.</summary>
    public required Guid DeletedCarouselItem { get; init; }
    /// <summary>A post of the owner's in Recently deleted, for DELETE /users/me/posts/deleted/{id}.</summary>
    public required Guid DeletedPost { get; init; }
    /// <summary>A reel of the owner's in Recently deleted, for DELETE /users/me/reels/deleted/{id}.</summary>
    public required Guid DeletedReel { get; init; }
    /// <summary>A video of the owner's in Recently deleted, for DELETE /users/me/videos/deleted/{id}.</summary>
    public required Guid DeletedVideo { get; init; }
    /// <summary>
    /// Live broadcasts of three other accounts, the owner invited to each — and on the air in the "leave" one — for
    /// POST /live/{id}/guest/{answer} (each answer spends its invitation, so each has its own broadcaster).
    /// </summary>
    public required IReadOnlyDictionary<string, Guid> GuestOf { get; init; }
    /// <summary>Posts of the other account the owner is invited to co-author: one to accept, one to decline.</summary>
    public required IReadOnlyDictionary<string, Guid> CollabOf { get; init; }
    /// <summary>A story of the owner's in Recently deleted, for DELETE /users/me/stories/deleted/{id}.</summary>
    public required Guid DeletedStory { get; init; }
    /// <summary>A post of the owner's another moderator took down, appealed by the owner: for /users/me/removals/{id}.</summary>
    public required Guid Removal { get; init; }

    /// <summary>
    /// A post of the other account's another moderator took down, its appeal open: for /moderation/removal-appeals/{id}, which
    /// the owner (a moderator) may decide — on <see cref="Removal"/> nobody judging their own case made every decide a 403,
    /// and the reversal path was never fuzzed.
    /// </summary>
    public required Guid RemovalAppeal { get; init; }

    /// <summary>
    /// A delete the store refused (written directly: the local store never refuses), given up, for
    /// /moderation/media-deletes/{id}; its subject is no real upload, so a retry leaves nothing for the job to do.
    /// </summary>
    public required Guid MediaDelete { get; init; }

    public static async Task<FuzzWorld> CreateAsync(FowergramApp app)
    {
        var shop = new ShopClient(app);
        var posts = shop.Posts;
        var owner = await shop.SellerAsync();
        var other = await posts.NewUserAsync();
        var decliner = await posts.NewUserAsync();
        foreach (var requester in new[] { other, decliner })
            await posts.ExecuteAsync("INSERT INTO follow_requests (requester_id, target_id) VALUES (@a, @b)", new { a = requester.Id, b = owner.Id });
        var avatar = await posts.UploadAsync(owner, purpose: "avatar");
        (await posts.SendAsync(HttpMethod.Put, "/api/v1/users/me/avatar", owner, new { uploadId = avatar.UploadId })).EnsureSuccessStatusCode();
        var hashtag = "fuzz" + Guid.NewGuid().ToString("N")[..10];
        var post = await posts.PostIdAsync(owner, $"#{hashtag} with @{other.Username}");
        var otherPost = await posts.PostIdAsync(other, "not yours");
        // Followed, so that GET /users/me/followed-hashtags lists something.
        (await posts.SendAsync(HttpMethod.Put, $"/api/v1/hashtags/{hashtag}/follow", owner)).EnsureSuccessStatusCode();
        var comment = await CreatedIdAsync(posts.SendAsync(HttpMethod.Post, $"/api/v1/posts/{post}/comments", owner, new { content = "first" }));

        var reels = new ReelsClient(app);
        var track = await reels.AudioTrackAsync();
        var reel = await reels.ReelIdAsync(owner, "a reel", track);
        var reelComment = await reels.CommentAsync(owner, reel, "first");
        var videos = new VideosClient(app);
        var series = await videos.SeriesIdAsync(owner);
        var video = await videos.VideoIdAsync(owner, seriesId: series);
        var videoComment = await CreatedIdAsync(posts.SendAsync(HttpMethod.Post, $"/api/v1/videos/{video}/comments", owner, new { content = "first" }));

        var stories = new StoryClient(app);
        var person = new Person(owner.Id, owner.Username);
        var music = await MusicTracks.InsertAsync(stories);
        var (pollStory, _) = await stories.CreateStoryAsync(person, "public", new
        {
            poll = new { question = "Tea?", option1 = "Yes", option2 = "No" },
            slider = new { question = "How much tea?", emoji = "\U0001F375" },
            quiz = new { question = "Which is a tea?", options = new[] { "Oolong", "Espresso" }, correctOption = 1 },
            countdown = new { title = "Tea time", endsAt = app.Clock.GetUtcNow().AddDays(30) },
        });
        var (questionStory, _) = await stories.CreateStoryAsync(person, "public", new { question = new { text = "Ask me" } });
        var highlight = await CreatedIdAsync(posts.SendAsync(HttpMethod.Post, "/api/v1/highlights", owner, new { title = "Trips", storyIds = new[] { pollStory } }));
        var collection = await CreatedIdAsync(posts.SendAsync(HttpMethod.Post, "/api/v1/collections", owner, new { name = "Ideas" }));

        var dm = new DmClient(app);
        var conversation = await dm.DirectAsync(owner, other);
        var message = await dm.SayAsync(owner, conversation, "hello");
        var live = await new LiveClient(app).LiveStreamIdAsync(owner);
        var liveComment = await CreatedIdAsync(posts.SendAsync(HttpMethod.Post, $"/api/v1/live/{live}/comments", owner, new { content = "first" }));
        var product = await shop.ProductIdAsync(owner);
        var search = await CreatedIdAsync(posts.SendAsync(HttpMethod.Post, "/api/v1/users/me/searches", owner, new { type = "hashtag", term = hashtag }));

        (await posts.SendAsync(HttpMethod.Put, $"/api/v1/posts/{post}/like", other)).EnsureSuccessStatusCode();
        await new EntityEvents(app, "postId").SettleAsync(post);
        var notification = await posts.ScalarAsync<Guid>("SELECT id FROM notifications WHERE user_id = @owner ORDER BY created_at DESC LIMIT 1",
            new { owner = owner.Id });

        await posts.ExecuteAsync("INSERT INTO moderators (user_id) VALUES (@id)", new { id = owner.Id });
        // Limits that hold nobody in this world (no one followed the owner this week), so that GET /users/me/limits answers.
        (await posts.SendAsync(HttpMethod.Put, "/api/v1/users/me/limits", owner, new { nonFollowers = false, days = 1 })).EnsureSuccessStatusCode();
        var suspended = await posts.NewUserAsync();
        (await posts.SendAsync(HttpMethod.Put, $"/api/v1/moderation/suspensions/{suspended.Username}", owner, new { reason = "spam" })).EnsureSuccessStatusCode();
        var session = Guid.CreateVersion7();
        await posts.ExecuteAsync("""
            INSERT INTO refresh_tokens (id, user_id, family_id, token_hash, expires_at, device)
            VALUES (gen_random_uuid(), @owner, @session, md5(gen_random_uuid()::text), now() + interval '30 days', 'fuzz')
            """, new { owner = owner.Id, session });
        // Written directly: the suspended account was made without a password to appeal with (AppealTests appeal over HTTP).
        var appeal = await posts.ScalarAsync<Guid>("""
            INSERT INTO suspension_appeals (id, user_id, suspension_id, suspended_at, message)
            SELECT gen_random_uuid(), user_id, id, created_at, 'not spam' FROM account_suspensions WHERE user_id = @id RETURNING id
            """, new { id = suspended.Id });
        var trustedDevice = await posts.ScalarAsync<Guid>("""
            INSERT INTO two_factor_trusted_devices (id, user_id, token_hash, device, created_at, last_used_at, expires_at)
            VALUES (gen_random_uuid(), @owner, md5(random()::text) || md5(random()::text), 'fuzzing phone', @now, @now, @now + interval '90 days') RETURNING id
            """, new { owner = owner.Id, now = app.Clock.GetUtcNow() });
        var passkey = await posts.ScalarAsync<Guid>("""
            INSERT INTO passkeys (id, user_id, credential_id, public_key, sign_count, aaguid, transports, backed_up, name, created_at)
            VALUES (gen_random_uuid(), @owner, decode(md5(random()::text), 'hex'), decode('a5010203262001', 'hex'), 0, gen_random_uuid(), '{}', false,
                    'fuzzing key', @now) RETURNING id
            """, new { owner = owner.Id, now = app.Clock.GetUtcNow() });
        var pushSubscription = await posts.ScalarAsync<Guid>("""
            INSERT INTO push_subscriptions (id, user_id, endpoint, p256dh, auth, created_at)
            VALUES (gen_random_uuid(), @owner, 'http://127.0.0.1:9/fuzz-' || md5(random()::text),
                    @p256dh, decode(repeat('22', 16), 'hex'), @now) RETURNING id
            """, new { owner = owner.Id, now = app.Clock.GetUtcNow(), p256dh = BrowserKey() });
        // Of another's post: no moderator closes a report about their own content (docs/moderation.md), and the owner works the queue.
        var reportedPost = await posts.PostIdAsync(other, "reported");
        var report = await CreatedIdAsync(posts.SendAsync(HttpMethod.Post, "/api/v1/reports", owner, new { targetType = "post", targetId = reportedPost, reason = "spam" }));

        // The other account's note, for its close friends, the owner among them: the owner may like it, and the owner's own
        // PUT /users/me/note does not replace it.
        (await posts.SendAsync(HttpMethod.Put, $"/api/v1/users/me/close-friends/{owner.Username}", other)).EnsureSuccessStatusCode();
        var channel = await CreatedIdAsync(posts.SendAsync(HttpMethod.Post, "/api/v1/channels", owner, new { name = "fuzz channel" }));
        var channelMessage = await CreatedIdAsync(posts.SendAsync(HttpMethod.Post, $"/api/v1/channels/{channel}/messages", owner,
            new { poll = new { question = "Which?", options = new[] { "a", "b" } } }));
        var channelText = await CreatedIdAsync(posts.SendAsync(HttpMethod.Post, $"/api/v1/channels/{channel}/messages", owner, new { text = "fuzz me" }));
        // The other account is a member of the owner's channel and invited to co-host it (for removal and withdrawal).
        (await posts.SendAsync(HttpMethod.Post, $"/api/v1/channels/{channel}/join", other)).EnsureSuccessStatusCode();
        (await posts.SendAsync(HttpMethod.Put, $"/api/v1/channels/{channel}/cohosts/{other.Username}", owner)).EnsureSuccessStatusCode();
        var cohostOf = new Dictionary<string, Guid>();
        foreach (var answer in new[] { "accept", "decline" })
        {
            cohostOf[answer] = await CreatedIdAsync(posts.SendAsync(HttpMethod.Post, "/api/v1/channels", other, new { name = $"to {answer}" }));
            (await posts.SendAsync(HttpMethod.Put, $"/api/v1/channels/{cohostOf[answer]}/cohosts/{owner.Username}", other)).EnsureSuccessStatusCode();
        }
        var note = await CreatedIdAsync(posts.SendAsync(HttpMethod.Put, "/api/v1/users/me/note", other, new { text = "fuzzing", audience = "close_friends" }));

        var (scheduled, toPublish) = (await ScheduledAsync(app, posts, owner), await ScheduledAsync(app, posts, owner));
        var (scheduledReel, reelToPublish) = (await ScheduledReelAsync(app, reels, owner), await ScheduledReelAsync(app, reels, owner));
        var scheduledChannel = await CreatedIdAsync(posts.SendAsync(HttpMethod.Post, "/api/v1/channels", owner, new { name = "fuzz schedule" }));
        var (channelScheduled, channelScheduledToPublish) =
            (await ChannelScheduledAsync(app, posts, owner, scheduledChannel), await ChannelScheduledAsync(app, posts, owner, scheduledChannel));
        var deletedPost = await posts.PostIdAsync(owner, "deleted");
        var carousel = await posts.CreatePostAsync(owner, "carousel", mediaCount: 2);
        var deletedCarouselItem = carousel.GetProperty("media")[1].GetProperty("id").GetGuid();
        (await posts.SendAsync(HttpMethod.Delete, $"/api/v1/posts/{carousel.GetProperty("id").GetGuid()}/media/{deletedCarouselItem}", owner))
            .EnsureSuccessStatusCode();
        (await posts.SendAsync(HttpMethod.Delete, $"/api/v1/posts/{deletedPost}", owner)).EnsureSuccessStatusCode();
        var deletedReel = await reels.ReelIdAsync(owner, "deleted");
        (await posts.SendAsync(HttpMethod.Delete, $"/api/v1/reels/{deletedReel}", owner)).EnsureSuccessStatusCode();
        var deletedVideo = await videos.VideoIdAsync(owner);
        (await posts.SendAsync(HttpMethod.Delete, $"/api/v1/videos/{deletedVideo}", owner)).EnsureSuccessStatusCode();

        var deletedStory = (await stories.CreateStoryAsync(person)).Id;
        var guestOf = new Dictionary<string, Guid>();
        foreach (var answer in new[] { "accept", "decline", "leave" })
        {
            var host = await posts.NewUserAsync();
            var hosted = await new LiveClient(app).LiveStreamIdAsync(host);
            (await posts.SendAsync(HttpMethod.Put, $"/api/v1/live/{hosted}/guests/{owner.Username}", host)).EnsureSuccessStatusCode();
            if (answer == "leave") (await posts.SendAsync(HttpMethod.Post, $"/api/v1/live/{hosted}/guest/accept", owner)).EnsureSuccessStatusCode();
            guestOf[answer] = hosted;
        }
        var collabOf = new Dictionary<string, Guid>();
        foreach (var answer in new[] { "accept", "decline" })
        {
            collabOf[answer] = await posts.PostIdAsync(other, $"collab to {answer}");
            (await posts.SendAsync(HttpMethod.Post, $"/api/v1/posts/{collabOf[answer]}/collaborators", other, new { username = owner.Username }))
                .EnsureSuccessStatusCode();
        }
        (await posts.SendAsync(HttpMethod.Delete, $"/api/v1/stories/{deletedStory}", owner)).EnsureSuccessStatusCode();
        var removedPost = await posts.PostIdAsync(owner, "removed");
        var removal = await CreatedIdAsync(posts.SendAsync(HttpMethod.Post, "/api/v1/reports", other, new { targetType = "post", targetId = removedPost, reason = "spam" }));
        // Taken down by another moderator: the owner may not act on their own content (nor decide its appeal: a 403 to the fuzz).
        var takedownModerator = await posts.NewUserAsync();
        await posts.ExecuteAsync("INSERT INTO moderators (user_id) VALUES (@id)", new { id = takedownModerator.Id });
        (await posts.SendAsync(HttpMethod.Post, $"/api/v1/moderation/reports/{removal}/resolve", takedownModerator, new { outcome = "actioned", remove = true }))
            .EnsureSuccessStatusCode();
        (await posts.SendAsync(HttpMethod.Post, $"/api/v1/users/me/removals/{removal}/appeal", owner, new { message = "mine" })).EnsureSuccessStatusCode();
        var appealedPost = await posts.PostIdAsync(other, "removed, appealed");
        var removalAppeal = await CreatedIdAsync(posts.SendAsync(HttpMethod.Post, "/api/v1/reports", owner, new { targetType = "post", targetId = appealedPost, reason = "spam" }));
        (await posts.SendAsync(HttpMethod.Post, $"/api/v1/moderation/reports/{removalAppeal}/resolve", takedownModerator, new { outcome = "actioned", remove = true }))
            .EnsureSuccessStatusCode();
        (await posts.SendAsync(HttpMethod.Post, $"/api/v1/users/me/removals/{removalAppeal}/appeal", other, new { message = "theirs" })).EnsureSuccessStatusCode();

        var mediaDelete = await posts.ScalarAsync<Guid>("""
            INSERT INTO media_delete_failures (id, job, subject_id, object_name, attempts, first_failed_at, last_failed_at, dead_at, last_error)
            VALUES (gen_random_uuid(), 'media-cleanup', gen_random_uuid(), 'post/' || @owner || '/' || gen_random_uuid(), 10, now(), now(), now(),
                    'IOException: refused')
            RETURNING id
            """, new { owner = owner.Id.ToString() });

        return new FuzzWorld
        {
            MediaDelete = mediaDelete,
            Removal = removal, RemovalAppeal = removalAppeal, DeletedStory = deletedStory, GuestOf = guestOf, CollabOf = collabOf, TrustedDevice = trustedDevice, Passkey = passkey, PushSubscription = pushSubscription,
            ScheduledPost = scheduled, ScheduledToPublish = toPublish, ScheduledReel = scheduledReel, ScheduledReelToPublish = reelToPublish, ScheduledChannel = scheduledChannel, ChannelScheduled = channelScheduled,
            ChannelScheduledToPublish = channelScheduledToPublish, DeletedPost = deletedPost, DeletedCarouselItem = deletedCarouselItem, DeletedReel = deletedReel, DeletedVideo = deletedVideo,
            Report = report, Note = note, Channel = channel, ChannelMessage = channelMessage, ChannelText = channelText, CohostOf = cohostOf,
            Owner = owner, Other = other, Decliner = decliner, Post = post, OtherPost = otherPost,
            PostMedia = await posts.ScalarAsync<Guid>("SELECT id FROM post_media WHERE post_id = @post ORDER BY display_order LIMIT 1", new { post }), PostComment = comment, Reel = reel, ReelComment = reelComment,
            Video = video, Series = series, PollStory = pollStory, QuestionStory = questionStory, Highlight = highlight,
            Collection = collection, Conversation = conversation, Message = message, Live = live, LiveComment = liveComment,
            VideoComment = videoComment, Product = product,
            ProductImage = await shop.ImageAsync(owner), Notification = notification, Upload = await posts.UploadAsync(owner, MediaSamples.Mp4(), "video/mp4"),
            Uploads = new Dictionary<string, Guid>
            {
                ["Fowergram.Features.Reels"] = (await reels.VideoAsync(owner)).UploadId,
                ["Fowergram.Features.Videos"] = (await videos.UploadAsync(owner)).UploadId,
                ["Fowergram.Features.Stories"] = await stories.UploadAsync(person),
                ["Fowergram.Features.Accounts"] = (await posts.UploadAsync(owner, purpose: "avatar")).UploadId,
                ["Fowergram.Features.Messages"] = (await posts.UploadAsync(owner, purpose: "message")).UploadId,
            },
            RecentSearch = search, Track = track, Avatar = avatar.UploadId, Music = music,
            Stranger = await posts.NewUserAsync(), Suspended = suspended, Appeal = appeal, Session = session, Hashtag = hashtag,
        };
    }

    public Guid UploadFor(string? area) => area is not null && Uploads.TryGetValue(area, out var id) ? id : Upload.UploadId;

    /// <summary>The route's URL with each parameter replaced by the owner's real id of the thing it names.</summary>
    public string Fill(MappedRoute route)
    {
        var url = route.Template;
        foreach (var name in RouteTable.ParameterNames(route.Template))
        {
            var value = name switch
            {
                "id" => IdFor(route.Template),
                "commentId" => (route.Template.StartsWith("/api/v1/reels/", StringComparison.Ordinal) ? ReelComment
                    : route.Template.StartsWith("/api/v1/live/", StringComparison.Ordinal) ? LiveComment
                    : route.Template.StartsWith("/api/v1/videos/", StringComparison.Ordinal) ? VideoComment : PostComment).ToString(),
                "postId" => route.Template.Contains("/collab-invitations/", StringComparison.Ordinal)
                    ? CollabOf[route.Template.EndsWith("/accept", StringComparison.Ordinal) ? "accept" : "decline"].ToString()
                    : Post.ToString(),
                "mediaId" => (route.Template.StartsWith("/api/v1/users/me/carousel-items/deleted/", StringComparison.Ordinal)
                    ? DeletedCarouselItem : PostMedia).ToString(),
                "messageId" => (route.Method == "PATCH" ? ChannelText : ChannelMessage).ToString(),
                "scheduledId" => (route.Template.EndsWith("/publish", StringComparison.Ordinal) ? ChannelScheduledToPublish : ChannelScheduled).ToString(),
                "productId" => Product.ToString(),
                "storyId" => PollStory.ToString(),
                "userId" => Other.Id.ToString(),
                "username" => route.Template.StartsWith("/api/v1/moderation/suspensions/", StringComparison.Ordinal) ? Suspended.Username
                    : route.Template.EndsWith("/decline", StringComparison.Ordinal) ? Decliner.Username
                    : route.Template.EndsWith("/block", StringComparison.Ordinal) ? Stranger.Username
                    : route.Method != "GET" && !route.Template.Contains("/me/", StringComparison.Ordinal) ? Other.Username
                    : route.Template.Contains("/me/", StringComparison.Ordinal) ? Other.Username : Owner.Username,
                "name" => Hashtag,
                "word" => "spoiler",
                "objectName" => Uri.UnescapeDataString(Upload.UploadUrl.AbsolutePath["/media/".Length..]),
                _ => throw new InvalidOperationException($"FuzzWorld has no value for {{{name}}} in {route.Key}: add one."),
            };
            url = url.Replace(RouteTable.Parameter().Match(url).Value, Uri.EscapeDataString(value).Replace("%2F", "/"));
        }
        return url;
    }

    private string IdFor(string template)
    {
        var segments = template.Split('/', StringSplitOptions.RemoveEmptyEntries); // api, v1, area, ...
        return (segments[2] switch
        {
            "posts" => Post,
            "reels" => Reel,
            "videos" => Video,
            "series" => Series,
            "stories" => template.Contains("/question", StringComparison.Ordinal) ? QuestionStory : PollStory,
            "highlights" => Highlight,
            "collections" => Collection,
            "conversations" => Conversation,
            "messages" => Message,
            "live" => template.Contains("/guest/", StringComparison.Ordinal) ? GuestOf[segments[^1]] : Live,
            "products" => Product,
            "notifications" => Notification,
            "moderation" => template.StartsWith("/api/v1/moderation/appeals/", StringComparison.Ordinal) ? Appeal
                : template.StartsWith("/api/v1/moderation/removal-appeals/", StringComparison.Ordinal) ? RemovalAppeal
                : template.StartsWith("/api/v1/moderation/media-deletes/", StringComparison.Ordinal) ? MediaDelete : Report,
            "notes" => Note,
            "channels" => template.Contains("/cohost/", StringComparison.Ordinal) ? CohostOf[segments[^1]]
                : template.Contains("/scheduled-messages", StringComparison.Ordinal) ? ScheduledChannel : Channel,
            "media" => Upload.UploadId,
            "avatars" => Avatar,
            "audio" => Track,
            "users" => template.StartsWith("/api/v1/users/me/sessions/", StringComparison.Ordinal) ? Session
                : template.StartsWith("/api/v1/users/me/trusted-devices/", StringComparison.Ordinal) ? TrustedDevice
                : template.StartsWith("/api/v1/users/me/passkeys/", StringComparison.Ordinal) ? Passkey
                : template.StartsWith("/api/v1/users/me/push-subscriptions/", StringComparison.Ordinal) ? PushSubscription
                : template.StartsWith("/api/v1/users/me/scheduled-posts/", StringComparison.Ordinal)
                    ? template.EndsWith("/publish", StringComparison.Ordinal) ? ScheduledToPublish : ScheduledPost
                : template.StartsWith("/api/v1/users/me/scheduled-reels/", StringComparison.Ordinal)
                    ? template.EndsWith("/publish", StringComparison.Ordinal) ? ScheduledReelToPublish : ScheduledReel
                : template.StartsWith("/api/v1/users/me/posts/deleted/", StringComparison.Ordinal) ? DeletedPost
                : template.StartsWith("/api/v1/users/me/reels/deleted/", StringComparison.Ordinal) ? DeletedReel
                : template.StartsWith("/api/v1/users/me/videos/deleted/", StringComparison.Ordinal) ? DeletedVideo
                : template.StartsWith("/api/v1/users/me/removals/", StringComparison.Ordinal) ? Removal
                : template.StartsWith("/api/v1/users/me/stories/deleted/", StringComparison.Ordinal) ? DeletedStory
                : RecentSearch,
            _ => throw new InvalidOperationException($"FuzzWorld has no id for {template}: add one."),
        }).ToString();
    }

    private static async Task<Guid> ScheduledAsync(FowergramApp app, PostsClient posts, TestUser owner)
    {
        var upload = await posts.UploadAsync(owner);
        return await CreatedIdAsync(posts.SendAsync(HttpMethod.Post, "/api/v1/users/me/scheduled-posts", owner,
            new { publishAt = app.Clock.GetUtcNow().AddDays(1), caption = "later", media = new[] { new { uploadId = upload.UploadId } } }));
    }

    private static async Task<Guid> ScheduledReelAsync(FowergramApp app, ReelsClient reels, TestUser owner)
    {
        var video = await reels.VideoAsync(owner);
        return await CreatedIdAsync(reels.SendAsync(HttpMethod.Post, "/api/v1/users/me/scheduled-reels", owner,
            new { publishAt = app.Clock.GetUtcNow().AddDays(1), caption = "later", uploadId = video.UploadId, durationSeconds = 10 }));
    }

    private static Task<Guid> ChannelScheduledAsync(FowergramApp app, PostsClient posts, TestUser owner, Guid channel) =>
        CreatedIdAsync(posts.SendAsync(HttpMethod.Post, $"/api/v1/channels/{channel}/scheduled-messages", owner,
            new { publishAt = app.Clock.GetUtcNow().AddDays(1), text = "later" }));

    private static async Task<Guid> CreatedIdAsync(Task<HttpResponseMessage> send) =>
        (await (await send).ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
}
