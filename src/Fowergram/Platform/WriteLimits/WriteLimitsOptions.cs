using Fowergram.Platform.Options;

namespace Fowergram.Platform.WriteLimits;

/// <summary>
/// Bound from the <c>WriteLimits</c> section in both hosts (<c>WriteLimits__Comment__PerHour</c>): each kind's hourly and
/// daily allowance per account (docs/reliability.md "Write allowances"). Instagram publishes no numbers; its action blocks
/// are reported at a few hundred follows or comments a day for an established account. These defaults sit above what a
/// person keeps up by hand — a comment every 18 seconds for an hour, a message every 7 seconds — so only automation meets
/// them, and the day's allowance caps a script that paces itself under the hourly one.
/// </summary>
public sealed class WriteLimitsOptions : ISelfValidatingOptions
{
    public const string Section = "WriteLimits";

    /// <summary>Every surface's comments together (posts, reels, videos, live): a busy live chat runs well under 200 an hour.</summary>
    public WriteAllowance Comment { get; set; } = new(200, 1_000);

    /// <summary>Direct messages with their shares and story and note replies: a fast two-way chat stays under 500 an hour.</summary>
    public WriteAllowance Message { get; set; } = new(500, 3_000);

    /// <summary>Follows and follow requests: follow-churn is the classic automation, and no one follows 100 accounts an hour by hand.</summary>
    public WriteAllowance Follow { get; set; } = new(100, 500);

    /// <summary>Feed posts and reels together: an event's photos posted one by one fit 50 an hour.</summary>
    public WriteAllowance Post { get; set; } = new(50, 200);

    /// <summary>Stories: Instagram keeps at most 100 live at once; a whole day's 300 still lets a heavy storyteller post all day.</summary>
    public WriteAllowance Story { get; set; } = new(100, 300);

    /// <summary>
    /// Broadcast-channel messages, scheduled ones counted when scheduled: each reaches every member (a push each), so the
    /// allowance is tighter than a DM's. A message a minute for an hour covers a live event's running commentary.
    /// </summary>
    public WriteAllowance ChannelMessage { get; set; } = new(60, 300);

    /// <summary>Long-form videos, drafts too: each is up to an hour of upload; a series' episodes uploaded in one go fit 20 an hour.</summary>
    public WriteAllowance Video { get; set; } = new(20, 100);

    /// <summary>Reposts of posts and reels: each fans out to the reposter's followers and tells the author, as a follow does.</summary>
    public WriteAllowance Repost { get; set; } = new(100, 500);

    /// <summary>
    /// Story sticker answers and reactions: a tap each while watching stories, so the most frequent by hand; 300 an hour is
    /// one every 12 seconds without a pause, and each still tells the story's author.
    /// </summary>
    public WriteAllowance StoryAnswer { get; set; } = new(300, 2_000);

    public WriteAllowance For(WriteKind kind) => kind switch
    {
        WriteKind.Comment => Comment,
        WriteKind.Message => Message,
        WriteKind.Follow => Follow,
        WriteKind.Post => Post,
        WriteKind.Story => Story,
        WriteKind.ChannelMessage => ChannelMessage,
        WriteKind.Video => Video,
        WriteKind.Repost => Repost,
        WriteKind.StoryAnswer => StoryAnswer,
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    public IEnumerable<string> Problems()
    {
        foreach (var kind in Enum.GetValues<WriteKind>())
        {
            var allowance = For(kind);
            var name = $"{Section}:{kind}";
            if (allowance.PerHour is < 1 or > WriteAllowance.Most) yield return $"{name}:PerHour must be from 1 to {WriteAllowance.Most}.";
            if (allowance.PerDay < allowance.PerHour || allowance.PerDay > WriteAllowance.Most)
                yield return $"{name}:PerDay must be from {name}:PerHour to {WriteAllowance.Most}.";
        }
    }
}

/// <summary>How many writes of one kind an account may make in an hour and in a day.</summary>
public sealed class WriteAllowance
{
    public const int Most = 1_000_000;

    public WriteAllowance() { }

    public WriteAllowance(int perHour, int perDay) => (PerHour, PerDay) = (perHour, perDay);

    public int PerHour { get; set; }
    public int PerDay { get; set; }
}
