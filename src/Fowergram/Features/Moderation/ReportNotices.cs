namespace Fowergram.Features.Moderation;

/// <summary>
/// What a reporter is told when their report closes: a system notice (no actor, no entity: the target may be gone, and
/// who reviewed it is not theirs to know), worded by outcome and action. Moderators' notes are never in it.
/// </summary>
internal static class ReportNotices
{
    public static string Closed(string targetType, string outcome, string? action)
    {
        var thing = targetType switch
        {
            "user" => "account",
            "reel_comment" or "igtv_comment" => "comment",
            "igtv_video" => "video",
            "live_stream" => "live broadcast",
            _ => targetType,
        };
        return (outcome, action) switch
        {
            ("actioned", "removed") => $"Thanks for your report. We removed the {thing} you reported.",
            ("actioned", "suspended") => "Thanks for your report. We suspended the account you reported.",
            ("actioned", _) => $"Thanks for your report. We took action on the {thing} you reported.",
            _ => $"Thanks for your report. We reviewed the {thing} you reported and found that it doesn't go against our community guidelines.",
        };
    }
}
