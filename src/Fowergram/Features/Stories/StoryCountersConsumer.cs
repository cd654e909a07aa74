using Dapper;
using Fowergram.Features.Music;
using Fowergram.Platform.Events;
using Npgsql;

namespace Fowergram.Features.Stories;

/// <summary>
/// Exact story counters: story_stats.view_count (one per story_views row) and reaction_count (one per
/// story_reactions row; a changed reaction is not new), story_poll_stats votes, music_track_stats.usage_count
/// (every story ever made with the track), story_slider_stats responses and their sum, story_quiz_stats answers per option.
/// Each event applies once (ConsumerRunner), so increments are exact; rows that vanished since (a purged account, a withdrawn
/// track) are skipped. add_yours_prompts.story_count (the chain's stories not deleted, expired ones included) is recounted,
/// not moved by ±1, on story.created and story.deleted: a deletion handled before its creation, or a story deleted before
/// either was handled, still ends with the true count.
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

    public string Name => ConsumerName;

    public bool Handles(string eventType) =>
        eventType is StoryEvents.Created or StoryEvents.Deleted or StoryEvents.Restored or StoryEvents.Viewed or StoryEvents.Reacted or StoryEvents.PollVoted
        or StoryEvents.SliderResponded or StoryEvents.QuizAnswered;

    /// <summary>
    /// Views and new reactions of one story, and votes of one poll, next to each other in a batch add up to one
    /// statement: a popular story's views come as a storm, like a post's likes. Stories joining one "add yours" chain are
    /// counted by one recount: a popular chain's joins come as a storm too. No effect here looks at markers.
    /// </summary>
    public string? RunKey(EventEnvelope envelope) => envelope.Type switch
    {
        StoryEvents.Created when envelope.PayloadAs<StoryCreatedEvent>().AddYoursPromptId is { } promptId => $"{envelope.Type} add-yours {promptId}",
        StoryEvents.Viewed => $"{envelope.Type} {envelope.PayloadAs<StoryViewedEvent>().StoryId}",
        StoryEvents.Reacted => $"{envelope.Type} {envelope.PayloadAs<StoryReactedEvent>().StoryId}",
        StoryEvents.PollVoted => $"{envelope.Type} {envelope.PayloadAs<StoryPollVotedEvent>().PollId}",
        StoryEvents.SliderResponded => $"{envelope.Type} {envelope.PayloadAs<StorySliderRespondedEvent>().SliderId}",
        StoryEvents.QuizAnswered => $"{envelope.Type} {envelope.PayloadAs<StoryQuizAnsweredEvent>().QuizId}",
        _ => null,
    };

    public Task HandleAsync(EventEnvelope envelope, NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken ct) =>
        HandleRunAsync([envelope], connection, transaction, ct);

    /// <summary>
    /// New stories count once each for their track; new, deleted and restored stories have their "add yours" chains recounted, each
    /// chain once, locked in id order (a chain since purged, or a story since purged, counts nothing).
    /// </summary>
    private static async Task CountStoriesAsync(IReadOnlyList<EventEnvelope> run, DateTimeOffset at, NpgsqlConnection connection,
        NpgsqlTransaction transaction, CancellationToken ct)
    {
        var created = run.Where(e => e.Type == StoryEvents.Created).Select(e => e.PayloadAs<StoryCreatedEvent>()).ToList();
        foreach (var track in created.Where(c => c.MusicTrackId is not null).GroupBy(c => c.MusicTrackId!.Value).OrderBy(g => g.Key))
            await MusicUsage.AddAsync(connection, transaction, track.Key, track.Count(), at, ct);
        // A new story outside any chain has none to recount; a deleted one is looked up (its event does not name its chain).
        var storyIds = run.Where(e => e.Type is StoryEvents.Deleted or StoryEvents.Restored).Select(e => e.PayloadAs<StoryDeletedEvent>().StoryId)
            .Concat(created.Where(c => c.AddYoursPromptId is not null).Select(c => c.StoryId)).ToArray();
        if (storyIds.Length == 0) return;
        foreach (var promptId in await connection.QueryAsync<Guid>(new CommandDefinition(AddYoursSql.ChainsOf, new { storyIds }, transaction,
                     cancellationToken: ct)))
        {
            await Run(AddYoursSql.LockChain, new { promptId });
            await Run(AddYoursSql.Recount, new { promptId, at });
        }

        Task Run(string sql, object args) => connection.ExecuteAsync(new CommandDefinition(sql, args, transaction, cancellationToken: ct));
    }

    /// <summary>A run of one story's views or reactions, of one poll's votes, or of stories joining one chain (one event is a run of one).</summary>
    public Task HandleRunAsync(IReadOnlyList<EventEnvelope> run, NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken ct)
    {
        var at = run.Max(e => e.OccurredAt);
        if (run[0].Type is StoryEvents.Created or StoryEvents.Deleted or StoryEvents.Restored) return CountStoriesAsync(run, at, connection, transaction, ct);
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
