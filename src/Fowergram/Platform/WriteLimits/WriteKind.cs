namespace Fowergram.Platform.WriteLimits;

/// <summary>
/// The ordinary writes an account has an allowance of (write_allowances.kind, migration 0259). Each is a write that reaches
/// other people, so a signed-in spammer's volume is held here rather than only by moderation after the fact.
/// </summary>
public enum WriteKind
{
    /// <summary>A comment or reply on a post, reel or long-form video, or a comment on a live broadcast.</summary>
    Comment,

    /// <summary>A direct message: sent into a thread (text, media, a shared post, story, reel or video) or a story or note reply.</summary>
    Message,

    /// <summary>A follow of a public account or a request to follow a private one (a follow already there spends nothing).</summary>
    Follow,

    /// <summary>A new feed post or reel.</summary>
    Post,

    /// <summary>A new story.</summary>
    Story,

    /// <summary>A message posted to a broadcast channel, now or scheduled (each fans out to every member).</summary>
    ChannelMessage,

    /// <summary>A new long-form video, published or a draft.</summary>
    Video,

    /// <summary>A new repost of a post or a reel (reposting again spends nothing).</summary>
    Repost,

    /// <summary>A story sticker's answer or a story reaction: a poll vote, quiz answer, slider or question response, an emoji reaction.</summary>
    StoryAnswer,
}

internal static class WriteKinds
{
    /// <summary>The stored name (write_allowances.kind) and the one problems and settings use.</summary>
    public static string Name(this WriteKind kind) => kind switch
    {
        WriteKind.Comment => "comment",
        WriteKind.Message => "message",
        WriteKind.Follow => "follow",
        WriteKind.Post => "post",
        WriteKind.Story => "story",
        WriteKind.ChannelMessage => "channelMessage",
        WriteKind.Video => "video",
        WriteKind.Repost => "repost",
        WriteKind.StoryAnswer => "storyAnswer",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>How a problem's sentence counts them: "200 comments".</summary>
    public static string Plural(this WriteKind kind) => kind switch
    {
        WriteKind.Comment => "comments",
        WriteKind.Message => "messages",
        WriteKind.Follow => "follows and follow requests",
        WriteKind.Post => "posts and reels",
        WriteKind.Story => "stories",
        WriteKind.ChannelMessage => "channel messages",
        WriteKind.Video => "long-form videos",
        WriteKind.Repost => "reposts",
        WriteKind.StoryAnswer => "story sticker answers and reactions",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };
}
