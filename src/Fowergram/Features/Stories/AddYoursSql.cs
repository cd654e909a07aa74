namespace Fowergram.Features.Stories;

/// <summary>
/// "Add yours" chains (migration 0135). A story joins the chain of a live story its author may see; the chain's page lists
/// its live stories the reader may see, each under the same rule as any story read.
/// </summary>
internal static class AddYoursSql
{
    public const string Start = """
        INSERT INTO add_yours_prompts (id, user_id, prompt, created_at, updated_at) VALUES (@id, @viewer, @prompt, @now, @now)
        """;

    /// <summary>
    /// The chain of a live story the caller may see. The prompt row is key-share locked until the new story commits, so an
    /// account purge removing it waits instead of failing the story's foreign key.
    /// </summary>
    public static readonly string ToJoin = $"""
        SELECT p.id FROM stories s JOIN add_yours_prompts p ON p.id = s.add_yours_prompt_id
         WHERE s.id = @storyId AND {StoryReadSql.LiveAndVisible}
           FOR KEY SHARE OF p
        """;

    /// <summary>The chain of a story the caller may read (live and visible, or their own until deleted).</summary>
    public static readonly string OfStory = $"""
        SELECT p.id, p.prompt, p.story_count FROM stories s JOIN add_yours_prompts p ON p.id = s.add_yours_prompt_id
         WHERE s.id = @id AND {StoryReadSql.OneShownTo}
        """;

    /// <summary>
    /// A page of the chain's live stories the caller may see, newest first. <c>@liveSince</c> (now less a story's lifetime)
    /// bounds the index range, so a long chain's expired stories are never walked.
    /// </summary>
    public static readonly string Stories = $"""
        {StoryReadSql.Select}
         WHERE s.add_yours_prompt_id = @promptId AND s.created_at > @liveSince AND {StoryReadSql.LiveAndVisible}
           AND (@afterAt::timestamptz IS NULL OR (s.created_at, s.id) < (@afterAt, @afterId))
         ORDER BY s.created_at DESC, s.id DESC
         LIMIT @take
        """;

    /// <summary>The chains the given stories belong to, in id order (the order their locks are taken in).</summary>
    public const string ChainsOf = """
        SELECT DISTINCT add_yours_prompt_id FROM stories WHERE id = ANY(@storyIds) AND add_yours_prompt_id IS NOT NULL
         ORDER BY add_yours_prompt_id
        """;

    /// <summary>
    /// Taken before <see cref="Recount"/>, in a statement of its own: the count's snapshot then includes every recount that held
    /// the lock before, so the last one leaves the true count. NO KEY UPDATE lets a story joining the chain (its KEY SHARE) pass.
    /// </summary>
    public const string LockChain = "SELECT 1 FROM add_yours_prompts WHERE id = @promptId FOR NO KEY UPDATE";

    /// <summary>The chain's stories not deleted, expired ones included (stories_add_yours_live, an index-only count).</summary>
    public const string Recount = """
        UPDATE add_yours_prompts p
           SET story_count = c.n, updated_at = @at
          FROM (SELECT count(*) AS n FROM stories s WHERE s.add_yours_prompt_id = @promptId AND s.deleted_at IS NULL) c
         WHERE p.id = @promptId AND p.story_count <> c.n
        """;

    internal sealed class Chain
    {
        public Guid Id { get; set; }
        public string Prompt { get; set; } = "";
        public long StoryCount { get; set; }
    }
}
