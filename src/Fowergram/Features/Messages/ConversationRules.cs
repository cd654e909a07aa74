using Fowergram.Platform.Http;

namespace Fowergram.Features.Messages;

/// <summary>The limits of direct messages (docs/messages.md) and the validation of their inputs.</summary>
public static class ConversationRules
{
    /// <summary>Instagram's group size: the members of a group, its creator included.</summary>
    public const int MaxParticipants = 250;

    /// <summary>Unread counts stop here ("99+" on a client): counting a thread's whole backlog on every inbox page buys nothing.</summary>
    public const int UnreadCountCap = 100;

    public const int MaxNameLength = 100;

    public const int MaxTextLength = 2000;

    /// <summary>A voice message's length at most, as on Instagram (measured from the file's movie header at claim).</summary>
    public const int MaxVoiceSeconds = 60;

    /// <summary>How long a sent text may still be edited, as on Instagram.</summary>
    public static readonly TimeSpan EditWindow = TimeSpan.FromMinutes(15);

    /// <summary>
    /// The people of a create or add request: at least one, each once, never the caller, and with the caller
    /// no more than <see cref="MaxParticipants"/>.
    /// </summary>
    public static Guid[] People(Guid[]? userIds, Guid caller, Validation errors)
    {
        if (userIds is null || userIds.Length == 0)
        {
            errors.Add("userIds", "This field is required: the ids of the people to message.");
            return [];
        }
        if (userIds.Contains(Guid.Empty)) errors.Add("userIds", "Every entry must be a user id.");
        if (userIds.Contains(caller)) errors.Add("userIds", "Leave yourself out: you are in every conversation you start or add to.");
        if (userIds.Distinct().Count() != userIds.Length) errors.Add("userIds", "Each person may be named once.");
        if (userIds.Length > MaxParticipants - 1) errors.Add("userIds", $"A conversation has at most {MaxParticipants} people, you included.");
        return userIds;
    }

    /// <summary>
    /// A group's name: trimmed, 1 to <see cref="MaxNameLength"/> characters on one line without control characters (a
    /// newline or an escape would break every thread list that shows it, as a channel's name would); null (no name) is allowed.
    /// </summary>
    public static string? Name(string? raw, Validation errors)
    {
        if (raw is null) return null;
        var name = raw.Trim();
        if (TextRules.IsBlank(name)) errors.Add("name", "Must not be blank; leave it out (or null) for no name.");
        else if (TextRules.Characters(name) > MaxNameLength) errors.Add("name", $"Must be at most {MaxNameLength} characters.");
        else if (!TextRules.IsOneLine(name)) errors.Add("name", "Must be one line without control characters.");
        return TextRules.IsBlank(name) ? null : name;
    }

    /// <summary>
    /// A message's text: trimmed, at most <see cref="MaxTextLength"/> characters; null when empty or white space. Invisible
    /// characters alone are refused (TextRules.IsInvisibleOnly): beside a photo they were dropped without a word.
    /// </summary>
    public static string? Text(string? raw, Validation errors)
    {
        var text = raw?.Trim();
        errors.Visible("text", text);
        if (TextRules.IsBlank(text)) return null;
        if (TextRules.Characters(text) > MaxTextLength) errors.Add("text", $"Must be at most {MaxTextLength} characters.");
        return text;
    }

    /// <summary>The sorted pair of a one-to-one thread (conversations.direct_key): concurrent opens converge on one row.</summary>
    public static string DirectKey(Guid a, Guid b)
    {
        var (first, second) = string.CompareOrdinal(a.ToString(), b.ToString()) < 0 ? (a, b) : (b, a);
        return $"{first}:{second}";
    }
}
