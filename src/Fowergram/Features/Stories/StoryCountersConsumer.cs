using Dapper;
using Fowergram.Platform.Events;
using Npgsql;

namespace Fowergram.Features.Stories;

/// <summary>
/// Exact story counters: story_stats.view_count (one per story_views row) and reaction_count (one per
/// story_reactions row; a changed reaction is not new), story_poll_stats votes, music_track_stats.usage_count
/// (every story ever made with the track), story_slider_stats responses and their sum, story_quiz_stats answers per option, add_yours_prompts.story_count (every story ever added to the chain). Each event applies once (ConsumerRunner), so
/// increments are exact; rows that vanished since (a purged account, a withdrawn track) are skipped.
/// </summary>
public sealed class StoryCountersConsumer : IEventConsumer
{
    public const string ConsumerName = "story-counters";

    private const string AddView = """
        INSERT INTO story_stats (story_id, view_count, updated_at)
        SELECT @storyId, @n, @at WHERE EXISTS (SELECT 1 FROM stories WHERE id = @storyId)
        ON CONFLICT (story_id) DO UPDATE SET view_count = story_stats.view_count + @n, updated_at = @at
        """;

    private const string AddReaction = """
        INSERT INTO story_stats (story_id, reaction_count, updated_at)
        SELECT @storyId, @n, @at WHERE EXISTS (SELECT 1 FROM stories WHERE id = @storyId)
        ON CONFLICT (story_id) DO UPDATE SET reaction_count = story_stats.reaction_count + @n, updated_at = @at
        """;

    private const string AddVote = """
        INSERT INTO story_poll_stats (poll_id, option1_votes, option2_votes, updated_at)
        SELECT @pollId, @one, @two, @at WHERE EXISTS (SELECT 1 FROM story_polls WHERE id = @pollId)
        ON CONFLICT (poll_id) DO UPDATE SET option1_votes = story_poll_stats.option1_votes + @one,
                                            option2_votes = story_poll_stats.option2_votes + @two, updated_at = @at
        """;

    private const string AddSlides = """
        INSERT INTO story_slider_stats (slider_id, response_count, value_sum, updated_at)
        SELECT @sliderId, @n, @sum, @at WHERE EXISTS (SELECT 1 FROM story_sliders WHERE id = @sliderId)
        ON CONFLICT (slider_id) DO UPDATE SET response_count = story_slider_stats.response_count + @n,
                                              value_sum = story_slider_stats.value_sum + @sum, updated_at = @at
        """;

    private const string AddAnswers = """
        INSERT INTO story_quiz_stats (quiz_id, option1_count, option2_count, option3_count, option4_count, updated_at)
        SELECT @quizId, @one, @two, @three, @four, @at WHERE EXISTS (SELECT 1 FROM story_quizzes WHERE id = @quizId)
        ON CONFLICT (quiz_id) DO UPDATE SET option1_count = story_quiz_stats.option1_count + @one,
                                            option2_count = story_quiz_stats.option2_count + @two,
                                            option3_count = story_quiz_stats.option3_count + @three,
                                            option4_count = story_quiz_stats.option4_count + @four, updated_at = @at
        """;

    private const string AddUsage = """
        INSERT INTO music_track_stats (track_id, usage_count, updated_at)
        SELECT @trackId, 1, @at WHERE EXISTS (SELECT 1 FROM music_tracks WHERE id = @trackId)
        ON CONFLICT (track_id) DO UPDATE SET usage_count = music_track_stats.usage_count + 1, updated_at = @at
        """;

    public string Name => ConsumerName;

    public bool Handles(string eventType) =>
        eventType is StoryEvents.Created or StoryEvents.Viewed or StoryEvents.Reacted or StoryEvents.PollVoted or StoryEvents.SliderResponded
        or StoryEvents.QuizAnswered;

    /// <summary>
    /// Views and new reactions of one story, and votes of one poll, next to each other in a batch add up to one
    /// statement: a popular story's views come as a storm, like a post's likes. No effect here looks at markers.
    /// </summary>
    public string? RunKey(EventEnvelope envelope) => envelope.Type switch
    {
        StoryEvents.Viewed => $"{envelope.Type} {envelope.PayloadAs<StoryViewedEvent>().StoryId}",
        StoryEvents.Reacted => $"{envelope.Type} {envelope.PayloadAs<StoryReactedEvent>().StoryId}",
        StoryEvents.PollVoted => $"{envelope.Type} {envelope.PayloadAs<StoryPollVotedEvent>().PollId}",
        StoryEvents.SliderResponded => $"{envelope.Type} {envelope.PayloadAs<StorySliderRespondedEvent>().SliderId}",
        StoryEvents.QuizAnswered => $"{envelope.Type} {envelope.PayloadAs<StoryQuizAnsweredEvent>().QuizId}",
        _ => null,
    };

    public Task HandleAsync(EventEnvelope envelope, NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken ct) =>
        envelope.Type == StoryEvents.Created
            ? CountCreatedAsync(envelope.PayloadAs<StoryCreatedEvent>(), envelope.OccurredAt, connection, transaction, ct)
            : HandleRunAsync([envelope], connection, transaction, ct);

    /// <summary>A new story counts once for its track and once for its "add yours" chain (a chain since purged counts nothing).</summary>
    private static async Task CountCreatedAsync(StoryCreatedEvent created, DateTimeOffset at, NpgsqlConnection connection,
        NpgsqlTransaction transaction, CancellationToken ct)
    {
        if (created.MusicTrackId is { } trackId)
            await connection.ExecuteAsync(new CommandDefinition(AddUsage, new { trackId, at }, transaction, cancellationToken: ct));
        if (created.AddYoursPromptId is { } promptId)
            await connection.ExecuteAsync(new CommandDefinition(AddYoursSql.Count, new { promptId, at }, transaction, cancellationToken: ct));
    }

    /// <summary>A run of one story's views or reactions, or of one poll's votes (one event is a run of one).</summary>
    public Task HandleRunAsync(IReadOnlyList<EventEnvelope> run, NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken ct)
    {
        var at = run.Max(e => e.OccurredAt);
        (string Sql, object Args)? work = run[0].Type switch
        {
            StoryEvents.Viewed => (AddView, new { run[0].PayloadAs<StoryViewedEvent>().StoryId, n = run.Count, at }),
            StoryEvents.Reacted when run.Count(e => e.PayloadAs<StoryReactedEvent>().IsNew) is var n and > 0 =>
                (AddReaction, new { run[0].PayloadAs<StoryReactedEvent>().StoryId, n, at }),
            StoryEvents.PollVoted when run.Select(e => e.PayloadAs<StoryPollVotedEvent>()).ToList() is var votes =>
                (AddVote, new { votes[0].PollId, one = votes.Count(v => v.Option == 1), two = votes.Count(v => v.Option == 2), at }),
            StoryEvents.SliderResponded when run.Select(e => e.PayloadAs<StorySliderRespondedEvent>()).ToList() is var slides =>
                (AddSlides, new { slides[0].SliderId, n = slides.Count, sum = slides.Sum(s => s.Value), at }),
            StoryEvents.QuizAnswered when run.Select(e => e.PayloadAs<StoryQuizAnsweredEvent>()).ToList() is var answers =>
                (AddAnswers, new
                {
                    answers[0].QuizId, one = answers.Count(a => a.Option == 1), two = answers.Count(a => a.Option == 2),
                    three = answers.Count(a => a.Option == 3), four = answers.Count(a => a.Option == 4), at,
                }),
            _ => null,
        };
        return work is { } w
            ? connection.ExecuteAsync(new CommandDefinition(w.Sql, w.Args, transaction, cancellationToken: ct))
            : Task.CompletedTask;
    }
}
