using Fowergram.Platform.Options;

namespace Fowergram.Features.Social;

/// <summary>
/// Settings of section <c>Suggestions</c> (both hosts; <c>Suggestions__InlineGraphLimit</c> in the environment): when
/// GET /users/me/suggestions computes the list on the spot and when it reads the list the suggestions job computed ahead
/// (docs/social-graph.md "Suggestions").
/// </summary>
public sealed class SuggestionsOptions : ISelfValidatingOptions
{
    public const string Section = "Suggestions";

    /// <summary>
    /// A caller whose second-degree graph (the accounts they follow plus everyone those follow, by the profile counters) is
    /// at most this large gets suggestions computed on the spot, exact and current; anyone larger reads the stored list.
    /// 10,000 since the forty-ninth session: since migration 0237 the inline cost grows with the graph from a few ms, and a graph
    /// of 10,000 costs less than one of 5,000 did before (docs/performance-history.md "The forty-ninth session: suggestions'
    /// inline bound"). 0 to 1,000,000.
    /// </summary>
    public int InlineGraphLimit { get; set; } = 10_000;

    /// <summary>A read of a stored list older than this asks the job to compute it again. A minute to a day.</summary>
    public TimeSpan FreshFor { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The job computes the lists of users who read theirs within <see cref="ActiveWindow"/> again at this age. An hour to a week.</summary>
    public TimeSpan RefreshAge { get; set; } = TimeSpan.FromHours(24);

    /// <summary>A user who has not read their suggestions for this long is no longer refreshed ahead (a read asks again). A day to 90 days.</summary>
    public TimeSpan ActiveWindow { get; set; } = TimeSpan.FromDays(7);

    /// <summary>
    /// The statement timeout of one list's computation by the job: a graph too large for it is cancelled, recorded
    /// (<c>user_suggestion_runs.timeouts</c>) and tried again after a back-off, while the batch's other lists complete.
    /// 1 ms to 10 minutes.
    /// </summary>
    public TimeSpan ComputeTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// After a whole computation timed out, the job stores a list computed from a sample instead: the accounts the user
    /// followed most recently, this many (1 to 10,000), and of each the <see cref="SampleFollowsEach"/> accounts it followed
    /// most recently (1 to 10,000). At 200 × 200 the sample reads at most 40,000 follows, about the benchmark's median reader.
    /// </summary>
    public int SampleFollowees { get; set; } = 200;

    /// <summary>See <see cref="SampleFollowees"/>.</summary>
    public int SampleFollowsEach { get; set; } = 200;

    /// <summary>
    /// The statement timeout of the sample's computation. Its reads are bounded by the sample, not the graph, so this only
    /// guards against the unforeseen (a lock held on the user's list); it is apart from <see cref="ComputeTimeout"/> so
    /// that a short timeout for whole graphs does not cancel the sample as well. 1 ms to 10 minutes.
    /// </summary>
    public TimeSpan SampleTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long one run of the job starts new computations: under the Consumption plan's 5-minute function limit, as
    /// account-purge's run budget. A run checks it before each list, so it ends at most one computation (ComputeTimeout plus
    /// SampleTimeout) past it; the runs it leaves stay due, oldest first, for the next run. 1 second to 1 hour.
    /// </summary>
    public TimeSpan RunBudget { get; set; } = TimeSpan.FromMinutes(4);

    public IEnumerable<string> Problems()
    {
        if (InlineGraphLimit is < 0 or > 1_000_000) yield return "Suggestions:InlineGraphLimit must be from 0 to 1000000.";
        if (FreshFor < TimeSpan.FromMinutes(1) || FreshFor > TimeSpan.FromDays(1)) yield return "Suggestions:FreshFor must be between 00:01:00 and 1.00:00:00.";
        if (RefreshAge < TimeSpan.FromHours(1) || RefreshAge > TimeSpan.FromDays(7)) yield return "Suggestions:RefreshAge must be between 01:00:00 and 7.00:00:00.";
        if (ActiveWindow < TimeSpan.FromDays(1) || ActiveWindow > TimeSpan.FromDays(90)) yield return "Suggestions:ActiveWindow must be between 1.00:00:00 and 90.00:00:00.";
        if (SampleFollowees is < 1 or > 10_000) yield return "Suggestions:SampleFollowees must be from 1 to 10000.";
        if (SampleFollowsEach is < 1 or > 10_000) yield return "Suggestions:SampleFollowsEach must be from 1 to 10000.";
        if (ComputeTimeout < TimeSpan.FromMilliseconds(1) || ComputeTimeout > TimeSpan.FromMinutes(10)) yield return "Suggestions:ComputeTimeout must be between 00:00:00.001 and 00:10:00.";
        if (SampleTimeout < TimeSpan.FromMilliseconds(1) || SampleTimeout > TimeSpan.FromMinutes(10)) yield return "Suggestions:SampleTimeout must be between 00:00:00.001 and 00:10:00.";
        if (RunBudget < TimeSpan.FromSeconds(1) || RunBudget > TimeSpan.FromHours(1)) yield return "Suggestions:RunBudget must be between 00:00:01 and 01:00:00.";
    }
}
