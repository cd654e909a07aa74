namespace Fowergram.Features.Moderation;

/// <summary>
/// What a reporter is told when their report closes: a system notice (no actor, no entity: the target may be gone, and
/// who reviewed it is not theirs to know), worded by outcome and action. Moderators' notes are never in it.
/// </summary>
internal static class ReportNotices
{
    public static string Closed(string targetType, string outcome, string? action)
    {
        var thing = Thing(targetType);
        return (outcome, action) switch
        {
            ("actioned", "removed") => $"Thanks for your report. We removed the {thing} you reported.",
            ("actioned", "suspended") => "Thanks for your report. We suspended the account you reported.",
            ("actioned", _) => $"Thanks for your report. We took action on the {thing} you reported.",
            _ => $"Thanks for your report. We reviewed the {thing} you reported and found that it doesn't go against our community guidelines.",
        };
    }

    /// <summary>
    /// What the owner of removed content is told (a system notice, docs/moderation.md "Acting on a report"): what was
    /// removed and under which guideline, the report's reason; never who reported it or the moderator's notes.
    /// </summary>
    public static string Removed(string targetType, string reason) =>
        $"We removed your {Thing(targetType)} because it goes against our community guidelines on {Guideline(reason)}.";

    /// <summary>What the owner is told when their appeal of a removal is decided (docs/moderation.md "Removed content and appeals").</summary>
    public static string AppealDecided(string targetType, string reason, string outcome) => outcome == "reversed"
        ? $"We reviewed your {Thing(targetType)} again and restored it. Thanks for asking us to take another look."
        : $"We reviewed your {Thing(targetType)} again. It stays removed because it goes against our community guidelines on {Guideline(reason)}.";

    private static string Thing(string targetType) => targetType switch
    {
        "user" => "account",
        "reel_comment" or "igtv_comment" => "comment",
        "igtv_video" => "video",
        "live_stream" => "live broadcast",
        "broadcast_channel" => "broadcast channel",
        "channel_message" => "broadcast channel message",
        _ => targetType,
    };

    private static string Guideline(string reason) => reason switch
    {
        "other" => "what may be shared",
        "intellectual_property" => "intellectual property",
        "false_information" => "false information",
        "self_harm" => "suicide and self-injury",
        "hate_speech" => "hate speech",
        "nudity" => "nudity and sexual activity",
        _ => reason,
    };
}
