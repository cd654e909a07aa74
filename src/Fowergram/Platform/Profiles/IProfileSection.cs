using Fowergram.Platform.Http.OpenApi;
using Npgsql;

namespace Fowergram.Platform.Profiles;

/// <summary>
/// A part of the public profile (GET /users/{username}) owned by an area other than Accounts, such as
/// counts and relationship state from the social graph. Accounts renders the header and then asks
/// every registered section to add its members, so it never depends on those areas. Sections run
/// only after the profile was found visible to the viewer (<c>can_view_profile</c>).
/// </summary>
public interface IProfileSection
{
    /// <summary>
    /// The members <see cref="AddToAsync"/> may add, each with the type of its value: the API document describes the profile
    /// with them (<see cref="ExtensionMember"/>), and OpenApiAnswerShapeTests holds the answers to that description.
    /// </summary>
    IReadOnlyList<ExtensionMember> Members { get; }

    /// <summary>Adds JSON members (camelCase names, values serialised as they are) to the profile.</summary>
    Task AddToAsync(ProfileSectionContext context, IDictionary<string, object> members, CancellationToken ct);
}

/// <summary>Whose profile, seen by whom (null: anonymous), on the connection the profile was read with.</summary>
public sealed record ProfileSectionContext(NpgsqlConnection Connection, Guid? Viewer, Guid Owner);
