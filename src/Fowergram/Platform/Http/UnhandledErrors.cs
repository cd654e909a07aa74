using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Fowergram.Platform.Http;

/// <summary>
/// The answer to an exception no handler caught, the same in both hosts (the Server host's exception handler and the
/// Functions host's UnhandledErrorMiddleware): the client's doing is a 4xx that says so, anything else a 500 with
/// the trace id and nothing of the error itself; a transient database failure a 503 with Retry-After.
/// </summary>
public static class UnhandledErrors
{
    public static readonly TimeSpan TransientRetryAfter = TimeSpan.FromSeconds(2);

    public static IResult ProblemFor(Exception error, string traceId) => error switch
    {
        // Kestrel's own refusals: body too large, malformed request.
        BadHttpRequestException bad => Problems.Problem(bad.StatusCode, "The request could not be read.", bad.Message),
        // PostgreSQL text cannot hold U+0000, so a NUL in a query parameter reaches a statement only to fail it (bodies are
        // refused before, by JsonBody). The failed statement wrote nothing and its transaction rolled back.
        PostgresException { SqlState: PostgresErrorCodes.CharacterNotInRepertoire } =>
            Problems.BadRequest("The request contains a NUL character (U+0000), which no text in Fowergram can hold."),
        // The database failing over, out of connections or briefly unreachable, or PostgreSQL aborting this request's
        // transaction to break a deadlock or a serialization conflict: the client can send the same request again.
        NpgsqlException { IsTransient: true } => Problems.Unavailable(TransientRetryAfter,
            $"The database was briefly unavailable or the request collided with another; send it again in a moment (trace id {traceId})."),
        _ => Problems.Problem(StatusCodes.Status500InternalServerError, "Unexpected error.",
            $"Something went wrong on our side; quote trace id {traceId} when reporting it."),
    };
}
