using System.Buffers.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Fowergram.Features.Moderation;
using Fowergram.Platform.Content;

namespace Fowergram.Tests.Platform.Http;

/// <summary>
/// The values <see cref="FuzzBodies"/> writes: a plausible one for each member (by its JSON name where the name says
/// what is valid, else by type; ids are the world's real ones) and the edge values of each type.
/// </summary>
public sealed class FuzzValues(FuzzWorld world, DateTimeOffset now)
{
    private static readonly string[] HostileStrings =
    [
        "", "   ", new string('x', 20_000), new string('é', 3_000), "%_\\'\"", "\u202E🙂 e\u0301",
        string.Join(' ', Enumerable.Range(0, 40).Select(i => $"#t{i}")),
        string.Join(' ', Enumerable.Range(0, 40).Select(i => $"@u{i}")),
    ];

    public JsonNode? Plausible(Type type, string name, string? area)
    {
        if (type == typeof(string)) return PlausibleText(name, area);
        if (type == typeof(Guid)) return PlausibleId(name, area);
        if (type == typeof(int)) return PlausibleNumber(name);
        if (type == typeof(long)) return (long)PlausibleNumber(name);
        if (type == typeof(decimal)) return 9.99m;
        if (type == typeof(double)) return 0.5;
        if (type == typeof(bool)) return ChosenSwitches.Contains(name);
        if (type == typeof(DateTimeOffset)) return name == "until" ? now.AddHours(1) : now.AddDays(1); // quiet mode ends within 12 hours
        if (type.IsEnum) return Enum.GetNames(type)[0].ToLowerInvariant();
        throw new InvalidOperationException($"FuzzValues has no plausible {type.Name} for '{name}': add one.");
    }

    /// <summary>A whole plausible list where one element would be wrong (the people of a conversation), else null.</summary>
    public JsonNode?[]? PlausibleList(string name, Type element) => name switch
    {
        "userIds" => [world.Other.Id],
        "storyIds" => [world.PollStory],
        "videoIds" => [world.Video], // the world's series holds this one video: its whole episode order
        "images" => [world.ProductImage],
        "mentions" => [world.Other.Username],
        "options" => ["fuzz option 1", "fuzz option 2"], // a poll or quiz asks between two at least
        "days" => ["mon"], // quiet mode's schedule: weekdays in its short spelling
        _ => null,
    };

    /// <summary>Null, then the edge values of <paramref name="type"/>.</summary>
    public IEnumerable<JsonNode?> Edges(Type type, string path)
    {
        yield return null;
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (FuzzBodies.ListElement(type) is not null)
        {
            yield return new JsonArray();
            yield return new JsonArray((JsonNode?)null);
            yield return Repeat(path, 11);
            yield return Repeat(path, 1_000);
            yield break;
        }
        foreach (var edge in EdgesOf(type)) yield return edge;
    }

    private IEnumerable<JsonNode> EdgesOf(Type type)
    {
        if (type == typeof(string)) return HostileStrings.Select(s => (JsonNode)s);
        if (type == typeof(Guid)) return [Guid.Empty, Guid.NewGuid(), world.OtherPost, world.Other.Id];
        if (type == typeof(int)) return [0, -1, int.MaxValue, int.MinValue];
        if (type == typeof(long)) return [0L, -1L, long.MaxValue, long.MinValue];
        if (type == typeof(decimal)) return [0m, -1m, decimal.MaxValue, decimal.MinValue, 0.0000000000000000000000000001m, 123456789.123456789m];
        if (type == typeof(double)) return [0.0, -1.0, 1e308, -1e308, double.Epsilon, 1.0000000001];
        if (type == typeof(bool)) return [true];
        if (type == typeof(DateTimeOffset))
            return [DateTimeOffset.MinValue, DateTimeOffset.MaxValue, now.AddDays(-1), now.AddYears(200), now];
        if (type.IsEnum) return ["unknown"];
        return [new JsonObject(), "text", new JsonArray()]; // a nested object
    }

    /// <summary>Edge values for a member known only by its current JSON value: of its kind, and of the other kinds.</summary>
    public static IEnumerable<JsonNode?> JsonEdges(JsonNode? current)
    {
        var kind = current?.GetValueKind() ?? JsonValueKind.Null;
        IEnumerable<JsonNode?> same = kind switch
        {
            JsonValueKind.String => HostileStrings.Select(s => (JsonNode?)s),
            JsonValueKind.Number => [0, -1, 2147483648L, long.MaxValue, 1e308, -1e308, 0.5],
            JsonValueKind.Array => [new JsonArray(), new JsonArray((JsonNode?)null),
                new JsonArray(Enumerable.Range(0, 1_000).Select(i => (JsonNode?)$"x{i}").ToArray())],
            JsonValueKind.Object => [new JsonObject()],
            _ => [],
        };
        JsonNode?[] other = [null, true, 1, "x", new JsonArray(), new JsonObject()];
        return same.Concat(other.Where(o => o is null || o.GetValueKind() != kind));
    }

    /// <summary>A list of <paramref name="count"/> copies of the plausible element (the world's id, or a fresh one each).</summary>
    private JsonArray Repeat(string path, int count)
    {
        var name = path.Split('.', '[')[^1];
        var one = PlausibleList(name, typeof(object))?.FirstOrDefault();
        return new JsonArray(Enumerable.Range(0, count).Select(i => one?.DeepClone() ?? (JsonNode)(i % 2 == 0 ? Guid.NewGuid().ToString() : "x")).ToArray());
    }

    /// <summary>
    /// Members a plausible request leaves out, being alternatives to another: a request shares one thing at most (and none
    /// beside its upload), a device subscribes to push by one way (a browser's endpoint here, not an app's token), and a
    /// poll message carries nothing but its poll.
    /// </summary>
    public static bool LeftOut(string name, IReadOnlyCollection<string> siblings) =>
        (name.StartsWith("shared", StringComparison.Ordinal) && name.EndsWith("Id", StringComparison.Ordinal)) ||
        name is "fcmToken" or "apnsToken" ||
        (name is "storyId" && siblings.Contains("prompt")) || // an "add yours" chain is started or joined, not both
        (name is "text" or "uploadId" or "replyToId" && siblings.Contains("poll") && !siblings.Contains("audience"));

    /// <summary>Switches a request must turn on to ask for anything (mute posts or stories, limit some accounts, quiet mode).</summary>
    private static readonly HashSet<string> ChosenSwitches = ["enabled", "posts", "stories", "nonFollowers", "recentFollowers"];

    private JsonNode PlausibleText(string name, string? area) => (name, area) switch
    {
        // Quiet mode's schedule: times of day in a zone; elsewhere "from" is an audience setting.
        ("from", "Fowergram.Features.Notifications") => "22:00",
        ("to", "Fowergram.Features.Notifications") => "07:00",
        ("timeZone", _) => "Europe/Berlin",
        ("audience", "Fowergram.Features.Notes") => "mutuals",
        ("type", "Fowergram.Features.Social") => "location", // a recorded search, a place as typed: not the world's own hashtag search, which a second one would replace
        // Audience settings (who may comment, reply, tag, mention, or buzz): everyone is a choice of each.
        ("from" or "tags" or "mentions", _) => CommentAudience.Everyone,
        (_, "Fowergram.Features.Notifications.Push") when name is not ("endpoint" or "p256dh" or "auth") => CommentAudience.Everyone,
        // A browser's push subscription, at the tests' closed push service.
        ("endpoint", _) => "http://127.0.0.1:9/fuzz-plausible",
        ("p256dh", _) => Base64Url.EncodeToString(FuzzWorld.BrowserKey()),
        ("auth", _) => Base64Url.EncodeToString(new byte[16]),
        ("emoji", _) => "❤️",
        ("url", _) => "https://example.com/item",
        ("targetType", _) => "post", // with targetId the other person's post
        ("reason", _) => ReportsSql.Reasons[0],
        _ when name.EndsWith("At", StringComparison.Ordinal) => now.AddDays(1).ToString("O"), // an instant sent as text
        _ => PlausibleText(name),
    };

    private JsonNode PlausibleText(string name) => name switch
    {
        "audience" => "public",
        "purpose" => "post",
        "contentType" => "image/jpeg",
        "currency" => "EUR",
        "email" => "fuzz@example.com",
        "username" or "login" => world.Other.Username,
        "password" => "wrong horse battery staple",
        "newPassword" => "another horse battery staple",
        "type" => "like",
        "term" => world.Hashtag,
        _ => "fuzz " + name,
    };

    private JsonNode PlausibleId(string name, string? area) => name switch
    {
        "uploadId" => world.UploadFor(area),
        "parentId" => world.PostComment,
        "audioTrackId" => world.Track,
        "musicTrackId" => world.Music,
        "seriesId" => world.Series,
        "coverStoryId" or "sharedStoryId" => world.PollStory,
        "sharedPostId" => world.Post,
        "targetId" => world.OtherPost,
        "remixOfId" => world.Reel,
        "replyToId" or "messageId" => world.Message,
        _ => Guid.NewGuid(),
    };

    private static int PlausibleNumber(string name) => name switch
    {
        "size" => 1_000,
        "option" => 1,
        "minutes" => 30,
        "durationSeconds" => 10,
        "musicStartSeconds" => 0,
        "width" or "height" => 640,
        _ => 1,
    };
}
