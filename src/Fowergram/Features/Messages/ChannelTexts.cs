using Fowergram.Platform.Content;
using Npgsql;

namespace Fowergram.Features.Messages;

/// <summary>
/// A channel's words — its name and description, a message's text, a poll's question and options — composed (Unicode NFC)
/// before they are checked and stored, in one round trip (none when all are ASCII): docs/api.md "Composed text".
/// </summary>
internal static class ChannelTexts
{
    public static async Task<(string? Text, ChannelPollRequest? Poll)> ComposedAsync(NpgsqlDataSource db, string? text, ChannelPollRequest? poll,
        CancellationToken ct)
    {
        var options = poll?.Options ?? [];
        var fields = new List<(string? Text, int Max)> { (text, ChannelRules.MaxTextLength), (poll?.Question, ChannelRules.MaxQuestionLength) };
        fields.AddRange(options.Select(o => ((string?)o, ChannelRules.MaxOptionLength)));
        var c = await ComposedText.WrittenAsync(db, fields, ct);
        return (c[0], poll is null ? null : poll with { Question = c[1], Options = poll.Options is null ? null : c[2..].Select(o => o!).ToArray() });
    }
}
