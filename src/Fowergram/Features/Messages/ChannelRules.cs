using Fowergram.Platform.Http;

namespace Fowergram.Features.Messages;

/// <summary>The limits of broadcast channels (docs/messages.md "Broadcast channels") and the validation of their inputs.</summary>
public static class ChannelRules
{
    /// <summary>Live (not ended) channels an account owns at most: a channel is a broadcast, not a folder.</summary>
    public const int MaxLiveChannels = 5;

    /// <summary>Co-hosts of a channel at most, open invitations included (as collab posts' collaborators).</summary>
    public const int MaxCohosts = 5;

    public const int MaxNameLength = 50;
    public const int MaxDescriptionLength = 300;
    public const int MaxTextLength = 1000;
    public const int MaxQuestionLength = 200;
    public const int MaxOptionLength = 50;
    public const int MinOptions = 2;
    public const int MaxOptions = 4;

    /// <summary>
    /// Pinned messages per channel at most, as Instagram pins three chats: a pinned bar is a front page, and a longer one
    /// stops marking anything as first.
    /// </summary>
    public const int MaxPinned = 3;

    /// <summary>
    /// Live channels weighed for suggestions from each source (followed accounts', everyone's), newest first: members are
    /// counted at read time, so the set must stay bounded however many channels exist.
    /// </summary>
    public const int SuggestionPool = 100;

    /// <summary>Members counted per candidate to rank suggestions: past it, channels rank alike (then newest first), so one huge channel costs no more than this.</summary>
    public const int SuggestionRankCap = 1000;

    /// <summary>Trending channels rank by the members who joined in this window (and are members still): a week, as a trend is recent growth, not size.</summary>
    public static readonly TimeSpan TrendingWindow = TimeSpan.FromDays(7);

    /// <summary>
    /// Channels with the most recent joins weighed for trending (the most joins first, newest among equal): only they get
    /// their total members counted to break ties, so the read stays bounded however many channels grew this week.
    /// </summary>
    public const int TrendingPool = 100;

    /// <summary>
    /// Emoji listed per message at most, the most used first (the reader's own is always told as <c>myReaction</c>): any
    /// emoji sequence is a reaction and a channel has no cap on members, so one message could gather as many kinds as readers.
    /// </summary>
    public const int ReactionKindsShown = 10;

    /// <summary>Unread counts stop here ("99+"): counting a big channel's whole backlog for every list entry buys nothing.</summary>
    public const int UnreadCap = 99;

    /// <summary>A channel's name: trimmed, 1 to <see cref="MaxNameLength"/> characters, one line.</summary>
    public static string? Name(string? raw, Validation errors)
    {
        var name = raw?.Trim();
        if (TextRules.IsBlank(name)) errors.Add("name", "This field is required.");
        else if (TextRules.Characters(name) > MaxNameLength) errors.Add("name", $"Must be at most {MaxNameLength} characters.");
        else if (!TextRules.IsOneLine(name)) errors.Add("name", "Must be one line without control characters.");
        return name;
    }

    /// <summary>
    /// A description: trimmed, at most <see cref="MaxDescriptionLength"/> characters; null when empty or white space (none).
    /// Invisible characters alone are refused (TextRules.IsInvisibleOnly), not turned into none.
    /// </summary>
    public static string? Description(string? raw, Validation errors)
    {
        var text = raw?.Trim();
        errors.Visible("description", text);
        if (TextRules.IsBlank(text)) return null;
        if (TextRules.Characters(text) > MaxDescriptionLength) errors.Add("description", $"Must be at most {MaxDescriptionLength} characters.");
        return text;
    }

    /// <summary>
    /// A message's text: trimmed, at most <see cref="MaxTextLength"/> characters; null when empty or white space. Invisible
    /// characters alone are refused (TextRules.IsInvisibleOnly): a photo's text of zero-width spaces was dropped unsaid.
    /// </summary>
    public static string? Text(string? raw, Validation errors)
    {
        var text = raw?.Trim();
        errors.Visible("text", text);
        if (TextRules.IsBlank(text)) return null;
        if (TextRules.Characters(text) > MaxTextLength) errors.Add("text", $"Must be at most {MaxTextLength} characters.");
        return text;
    }

    /// <summary>A poll: a question and <see cref="MinOptions"/>–<see cref="MaxOptions"/> distinct options, each trimmed and one line.</summary>
    public static (string Question, string[] Options)? Poll(ChannelPollRequest? poll, Validation errors)
    {
        if (poll is null) return null;
        var question = poll.Question?.Trim();
        if (TextRules.IsBlank(question)) errors.Add("poll.question", "This field is required.");
        else if (TextRules.Characters(question) > MaxQuestionLength) errors.Add("poll.question", $"Must be at most {MaxQuestionLength} characters.");
        var options = (poll.Options ?? []).Select(o => o?.Trim() ?? "").ToArray();
        if (options.Length is < MinOptions or > MaxOptions) errors.Add("poll.options", $"A poll has {MinOptions} to {MaxOptions} options.");
        if (options.Any(o => TextRules.IsBlank(o) || TextRules.Characters(o) > MaxOptionLength || !TextRules.IsOneLine(o)))
            errors.Add("poll.options", $"Each option is one line of 1 to {MaxOptionLength} characters.");
        if (options.Distinct(StringComparer.OrdinalIgnoreCase).Count() != options.Length) errors.Add("poll.options", "Each option may appear once.");
        return (question ?? "", options);
    }
}
