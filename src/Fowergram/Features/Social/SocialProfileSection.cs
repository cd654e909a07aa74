using Dapper;
using Fowergram.Platform.Http.OpenApi;
using Fowergram.Platform.Profiles;

namespace Fowergram.Features.Social;

/// <summary>
/// Adds to GET /users/{username}: <c>counts</c> (for everyone), and for a signed-in caller looking at
/// someone else <c>relationship</c> and <c>followedBy</c> ("Followed by a, b and 3 others"). The
/// profile is only rendered when visible (never to a blocked or blocking caller), so <c>blocking</c>
/// is false whenever it can be seen; it is there for clients that share the shape with other views.
/// </summary>
public sealed class SocialProfileSection : IProfileSection
{
    public IReadOnlyList<ExtensionMember> Members { get; } =
    [
        new("counts", typeof(ProfileCounts), Always: true, "Posts, followers and following: exact counters."),
        new("relationship", typeof(Relationship), Always: false,
            "The edges between the signed-in caller and this account, from the caller's side; absent for guests and on one's own profile."),
        new("followedBy", typeof(FollowedBySummary), Always: false,
            "Accounts the caller follows that follow this one (\"Followed by a, b and 3 others\"); absent for guests and on one's own profile."),
    ];

    public async Task AddToAsync(ProfileSectionContext context, IDictionary<string, object> members, CancellationToken ct)
    {
        var (conn, viewer, owner) = context;
        members["counts"] = await conn.QuerySingleAsync<ProfileCounts>(new CommandDefinition(RelationshipSql.Counts,
            new { owner }, cancellationToken: ct));
        if (viewer is not { } me || me == owner) return;

        var edges = await conn.QuerySingleAsync<EdgesRow>(new CommandDefinition(RelationshipSql.Edges,
            new { viewer = me, owner }, cancellationToken: ct));
        members["relationship"] = edges.ToRelationship();
        members["followedBy"] = await Mutuals.FollowedByAsync(conn, me, owner, ct);
    }
}
