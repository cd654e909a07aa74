namespace Fowergram.Platform.Media;

public enum MediaPurpose { Post, Story, Reel, Video, Avatar, Message, Product, Cover }

public enum MediaKind { Image, Video, Audio }

/// <summary>
/// What each purpose accepts. Images may be JPEG, PNG, WebP or HEIC; videos MP4 or QuickTime; audio MPEG-4 audio (M4A, what
/// phones record voice notes as). Reels and long-form videos are video only, avatars, product photos and covers (of long-form videos and series) image only; posts
/// (carousels) and stories take images and videos, messages those and voice messages. Sizes follow Instagram's published
/// limits, rounded up: a 30 MiB photo, minutes of 1080p video, a voice message of a minute or so.
/// </summary>
public static class MediaPolicy
{
    private const long MiB = 1024 * 1024;

    public static readonly IReadOnlyDictionary<string, MediaKind> ContentTypes = new Dictionary<string, MediaKind>(StringComparer.Ordinal)
    {
        ["image/jpeg"] = MediaKind.Image,
        ["image/png"] = MediaKind.Image,
        ["image/webp"] = MediaKind.Image,
        ["image/heic"] = MediaKind.Image,
        ["video/mp4"] = MediaKind.Video,
        ["video/quicktime"] = MediaKind.Video,
        ["audio/mp4"] = MediaKind.Audio,
    };

    private static readonly Dictionary<MediaPurpose, Limits> ByPurpose = new()
    {
        [MediaPurpose.Post] = new(MaxImage: 30 * MiB, MaxVideo: 250 * MiB),
        [MediaPurpose.Story] = new(MaxImage: 30 * MiB, MaxVideo: 100 * MiB),
        [MediaPurpose.Reel] = new(MaxImage: null, MaxVideo: 500 * MiB),
        [MediaPurpose.Video] = new(MaxImage: null, MaxVideo: 2048 * MiB),
        [MediaPurpose.Avatar] = new(MaxImage: 10 * MiB, MaxVideo: null),
        [MediaPurpose.Message] = new(MaxImage: 30 * MiB, MaxVideo: 100 * MiB, MaxAudio: 10 * MiB),
        [MediaPurpose.Product] = new(MaxImage: 30 * MiB, MaxVideo: null),
        [MediaPurpose.Cover] = new(MaxImage: 30 * MiB, MaxVideo: null),
    };

    private static readonly string[] Names = Enum.GetValues<MediaPurpose>().Select(Name).ToArray();

    public static IReadOnlyList<string> PurposeNames => Names;

    public static string Name(MediaPurpose purpose) => purpose.ToString().ToLowerInvariant();

    public static bool TryParsePurpose(string? name, out MediaPurpose purpose)
    {
        purpose = default;
        var index = name is null ? -1 : Array.IndexOf(Names, name);
        if (index < 0) return false;
        purpose = (MediaPurpose)index;
        return true;
    }

    public static MediaKind KindOf(string contentType) => ContentTypes[contentType];

    /// <summary>The content types this purpose accepts, in a stable order.</summary>
    public static IReadOnlyList<string> AllowedTypes(MediaPurpose purpose) =>
        ContentTypes.Where(t => MaxSize(purpose, t.Key) is not null).Select(t => t.Key).ToList();

    /// <summary>The largest object allowed for this purpose and type, or null when the type is not allowed at all.</summary>
    public static long? MaxSize(MediaPurpose purpose, string contentType) =>
        ContentTypes.TryGetValue(contentType, out var kind)
            ? kind switch { MediaKind.Image => ByPurpose[purpose].MaxImage, MediaKind.Video => ByPurpose[purpose].MaxVideo, _ => ByPurpose[purpose].MaxAudio }
            : null;

    private sealed record Limits(long? MaxImage, long? MaxVideo, long? MaxAudio = null);
}
