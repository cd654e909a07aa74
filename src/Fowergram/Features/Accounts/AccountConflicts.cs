using Fowergram.Platform.Http;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Fowergram.Features.Accounts;

/// <summary>409 answers for taken e-mail addresses and usernames, from the pre-check or from the unique index.</summary>
internal static class AccountConflicts
{
    public const string EmailIndex = "users_email_key";

    public static IResult Taken(bool email, bool username)
    {
        var errors = new Dictionary<string, string[]>();
        if (email) errors["email"] = ["An account with this e-mail address already exists."];
        if (username) errors["username"] = ["This username is taken."];
        return Problems.Conflict(email && username ? "The e-mail address and the username are taken."
            : email ? "The e-mail address is taken." : "The username is taken.", errors);
    }

    /// <summary>The 409 for a unique violation on users' e-mail or username index; null for anything else.</summary>
    public static IResult? FromUniqueViolation(PostgresException ex) =>
        ex.SqlState != PostgresErrorCodes.UniqueViolation ? null
        : ex.ConstraintName switch
        {
            EmailIndex => Taken(email: true, username: false),
            "users_username_key" => Taken(email: false, username: true),
            _ => null,
        };
}
