using Fowergram.Platform.Http;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Fowergram.Features.Collections;

internal static class CollectionRules
{
    public const int MaxName = 100;
    public const int MaxDescription = 500;

    /// <summary>
    /// Named collections per account: far above what a person keeps (Instagram publishes no figure), low enough that a script
    /// cannot grow one account's list, its covers and its counts without bound.
    /// </summary>
    public const int MaxCollections = 1_000;

    public static string Name(string? raw, Validation v)
    {
        var name = (raw ?? "").Trim();
        v.Required("name", name).MaxLength("name", name, MaxName);
        return name;
    }

    public static string Description(string? raw, Validation v)
    {
        var description = (raw ?? "").Trim();
        v.Visible("description", description).MaxLength("description", description, MaxDescription);
        return description;
    }

    /// <summary>Names are unique per owner whatever the case (collections_user_name_key).</summary>
    public static IResult? FromViolation(PostgresException ex) => ex switch
    {
        { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: "collections_user_name_key" } =>
            Problems.Conflict("You already have a collection with this name.",
                new Dictionary<string, string[]> { ["name"] = ["You already have a collection with this name."] }),
        { SqlState: PostgresErrorCodes.ForeignKeyViolation, ConstraintName: "collections_cover_fkey" } =>
            Problems.Validation("coverPostId", "Must be a post in this collection."),
        _ => null,
    };
}
