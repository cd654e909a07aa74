using Fowergram.Platform.Http;
using Fowergram.Platform.Media;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Fowergram.Features.Messages;

/// <summary>
/// What a channel message says — text, one upload, or a poll alone — validated and claimed the same way whether it is
/// posted now (ChannelMessagesApi) or scheduled (ScheduledChannelMessagesApi).
/// </summary>
internal sealed record ChannelMessageContent(string? Text, (string Question, string[] Options)? Poll)
{
    /// <summary>The body's text and poll, with the rules that tie them to the upload and the quoted message; null when invalid.</summary>
    public static ChannelMessageContent? Validate(string? rawText, Guid? uploadId, ChannelPollRequest? rawPoll, Guid? replyToId, Validation errors)
    {
        var text = ChannelRules.Text(rawText, errors);
        var poll = ChannelRules.Poll(rawPoll, errors);
        if (poll is not null && (text is not null || uploadId is not null || replyToId is not null))
            errors.Add("poll", "A poll is a message of its own: send it without text, uploadId or replyToId.");
        if (poll is null && text is null && uploadId is null)
            errors.Add("text", "This field is required unless the message carries an upload or a poll.");
        return errors.IsValid ? new ChannelMessageContent(text, poll) : null;
    }

    /// <summary>
    /// Claims <paramref name="uploadId"/> for a message in <paramref name="tx"/> (none: no media). A problem answers the
    /// request; returning it before the commit rolls the claim back, so the upload stays pending for a message it fits.
    /// </summary>
    public static async Task<(ClaimedMedia? Media, IResult? Problem)> ClaimAsync(MediaUploads uploads, NpgsqlConnection conn, NpgsqlTransaction tx,
        Guid sender, Guid? uploadId, CancellationToken ct)
    {
        if (uploadId is not { } id) return (null, null);
        var claim = await uploads.ClaimAsync(conn, tx, sender, id, MediaPurpose.Message, ct);
        if (!claim.Succeeded) return (null, claim.ToProblem("uploadId"));
        var media = claim.Media!;
        if (media.Kind == MediaKind.Audio && media.Facts.DurationSeconds > ConversationRules.MaxVoiceSeconds)
            return (null, Problems.Validation("uploadId",
                $"A voice message is at most {ConversationRules.MaxVoiceSeconds} seconds long; this one is {media.Facts.DurationSeconds}."));
        return (media, null);
    }

    /// <summary>The stored media_type of a claimed upload (null: none).</summary>
    public static string? MediaType(ClaimedMedia? media) =>
        media?.Kind switch { null => null, MediaKind.Image => "image", MediaKind.Video => "video", _ => "audio" };
}
