using Fowergram.Platform.Auth;
using Fowergram.Platform.Content;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Fowergram.Features.Social;

/// <summary>
/// Restrict (docs/social-graph.md "Restrict", migration 0105): PUT/DELETE /users/{username}/restrict (idempotent, 204) and
/// GET /users/me/restricted. Silent and one-sided, lighter than a block: nothing about the pair changes (follows stay,
/// neither is told); from then on the other's new comments on the caller's posts, reels and videos are held for the caller
/// to review (<see cref="CommentHolding"/>), and a direct thread they open with the caller waits among the caller's requests.
/// Lifting it leaves comments already held as they are: the caller still approves or deletes them.
/// </summary>
public sealed class RestrictionsApi(NpgsqlDataSource db, AccessTokens tokens, TimeProvider time)
{
    /// <summary>The caller's restrictions of accounts they can still see, most recent first (restrictions_list).</summary>
    private static readonly OwnedUserList Restrictions = new("restrictions", "restricter_id", "restricted_id", "You cannot restrict yourself.");

    public Task<IResult> Restrict(HttpRequest request, string username, CancellationToken ct) =>
        Restrictions.AddAsync(db, tokens, time, request, username, ct);

    /// <summary>Lifts the caller's restriction (204 whether or not there was one; theirs goes whatever the account's state).</summary>
    public Task<IResult> Unrestrict(HttpRequest request, string username, CancellationToken ct) =>
        Restrictions.RemoveAsync(db, tokens, request, username, ct);

    public Task<IResult> Restricted(HttpRequest request, CancellationToken ct) => Restrictions.PageAsync(db, tokens, request, ct);
}
