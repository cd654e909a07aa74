using System.Text.RegularExpressions;

namespace Fowergram.Platform.Media;

/// <summary>
/// Object names are <c>{purpose}/{userId}/{uploadId}</c>, made here from ids the server chose. Stores
/// refuse any other shape, so nothing a client sends can name a path or another user's object.
/// </summary>
public static partial class MediaObjectNames
{
    public static string For(MediaPurpose purpose, Guid userId, Guid uploadId) =>
        $"{MediaPolicy.Name(purpose)}/{userId:D}/{uploadId:D}";

    public static bool IsValid(string? objectName) => objectName is not null && Shape().IsMatch(objectName);

    public static void EnsureValid(string objectName)
    {
        if (!IsValid(objectName)) throw new ArgumentException($"'{objectName}' is not a media object name.", nameof(objectName));
    }

    [GeneratedRegex(@"^(post|story|reel|video|avatar|message|product|cover)/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\z",
        RegexOptions.CultureInvariant)]
    private static partial Regex Shape();
}
