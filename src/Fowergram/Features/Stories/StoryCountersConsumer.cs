using Dapper;
using Fowergram.Platform.Events;
using Npgsql;

namespace Fowergram.Features.Stories;

/// <summary>
/// Exact story counters: story_stats.view_count (one per story_views row) and reaction_count (one per
/// story_reactions row; a changed reaction is not new), story_poll_stats votes, music_track_stats.usage_count
/// (every story ever made with the track). Each event applies once (ConsumerRunner), so
/// increments are exact; rows that vanished since (a purged account, a withdrawn track) are skipped.
/// </summary>
public sealed class StoryCountersConsumer : IEventConsumer
{
    public const string ConsumerName = "story-counters";

    private const string AddView = """
        INSERT INTO story_stats (story_id, view_count, updated_at)
        SELECT @storyId, 1, @at WHERE EXISTS (SELECT 1 FROM stories WHERE id = @storyId)
        ON CONFLICT (story_id) DO UPDATE SET view_count = story_stats.view_count + 1, updated_at = @at
        """;

    private const string AddReaction = """
        INSERT INTO story_stats (story_id, reaction_count, updated_at)
        SELECT @storyId, 1, @at WHERE EXISTS (SELECT 1 FROM stories WHERE id = @storyId)
        ON CONFLICT (story_id) DO UPDATE SET reaction_count = story_stats.reaction_count + 1, updated_at = @at
        """;

    private const string AddVote = """
        INSERT INTO story_poll_stats (poll_id, option1_votes, option2_votes, updated_at)
        SELECT @pollId, @one, @two, @at WHERE EXISTS (SELECT 1 FROM story_polls WHERE id = @pollId)
        ON CONFLICT (poll_id) DO UPDATE SET option1_votes = story_poll_stats.option1_votes + @one,
                                            option2_votes = story_poll_stats.option2_votes + @two, updated_at = @at
        """;

    private const string AddUsage = """
        INSERT INTO music_track_stats (track_id, usage_count, updated_at)
        SELECT @trackId, 1, @at WHERE EXISTS (SELECT 1 FROM music_tracks WHERE id = @trackId)
        ON CONFLICT (track_id) DO UPDATE SET usage_count = music_track_stats.usage_count + 1, updated_at = @at
        """;

    public string Name => ConsumerName;

    public bool Handles(string eventType) =>
        eventType is StoryEvents.Created or StoryEvents.Viewed or StoryEvents.Reacted or StoryEvents.PollVoted;

    public Task HandleAsync(EventEnvelope envelope, NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken ct)
    {
        var at = envelope.OccurredAt;
        (string Sql, object Args)? work = envelope.Type switch
        {
            StoryEvents.Created when envelope.PayloadAs<StoryCreatedEvent>() is { MusicTrackId: { } trackId } => (AddUsage, new { trackId, at }),
            StoryEvents.Viewed => (AddView, new { envelope.PayloadAs<StoryViewedEvent>().StoryId, at }),
            StoryEvents.Reacted when envelope.PayloadAs<StoryReactedEvent>() is { IsNew: true } e => (AddReaction, new { e.StoryId, at }),
            StoryEvents.PollVoted when envelope.PayloadAs<StoryPollVotedEvent>() is var e =>
                (AddVote, new { e.PollId, one = e.Option == 1 ? 1 : 0, two = e.Option == 2 ? 1 : 0, at }),
            _ => null,
        };
        return work is { } w
            ? connection.ExecuteAsync(new CommandDefinition(w.Sql, w.Args, transaction, cancellationToken: ct))
            : Task.CompletedTask;
    }
}
