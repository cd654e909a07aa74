using Microsoft.AspNetCore.Builder;

namespace Fowergram.Platform.Http.OpenApi;

/// <summary>
/// A member another area adds to an answer at run time (a <c>[JsonExtensionData]</c> dictionary, such as the public
/// profile's sections): its JSON name, the type its value is written from, and whether every answer carries it.
/// </summary>
public sealed record ExtensionMember(string Name, Type Type, bool Always, string Description);

/// <summary>The members added to answers of <see cref="Owner"/>, so that its schema names them instead of allowing any.</summary>
public sealed record ExtensionMembersMetadata(Type Owner, IReadOnlyList<ExtensionMember> Members);

public static class ExtensionMemberDocs
{
    /// <summary>Documents the members other areas add to <typeparamref name="T"/>'s extension data (see <see cref="ExtensionMember"/>).</summary>
    public static RouteHandlerBuilder Extended<T>(this RouteHandlerBuilder route, IEnumerable<ExtensionMember> members) =>
        route.WithMetadata(new ExtensionMembersMetadata(typeof(T), members.ToList()));
}
