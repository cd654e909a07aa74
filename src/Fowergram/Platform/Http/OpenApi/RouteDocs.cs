using Microsoft.AspNetCore.Builder;

namespace Fowergram.Platform.Http.OpenApi;

/// <summary>Who may call a route: what its bearer token must be (docs/api.md, "Authentication").</summary>
public enum RouteAccess
{
    /// <summary>A valid access token is required: no token or a bad one is a 401.</summary>
    Member,
    /// <summary>Guests read without a token and members see more (or less: blocks); a token, when sent, must be valid.</summary>
    Guest,
    /// <summary>The token is never read: signing up and in, public catalogues, the health probe.</summary>
    Open,
}

/// <summary>Endpoint metadata the API document is built from (<see cref="ApiDocument"/>); a route without it is for members.</summary>
public sealed record RouteAccessMetadata(RouteAccess Access);

/// <summary>A query parameter the handler reads: its name, what it means, and whether it must be sent.</summary>
public sealed record QueryParameterMetadata(string Name, string Description, bool Required = false, string Type = "string");

/// <summary>
/// The JSON body the handler reads with <see cref="JsonBody.ReadAsync{T}"/>, and the members it refuses the body without
/// (a 400 naming each). Request types keep every member nullable so that validation can name the missing ones; which of
/// them a route needs is said here, per route, and held to the handler by a test that sends an empty object.
/// </summary>
public sealed record JsonBodyMetadata(Type Type, IReadOnlyList<string> Required);

/// <summary>
/// The members of a JSON merge patch body (<see cref="MergePatch"/>: an absent member leaves its field alone, null clears it
/// where it may be cleared), each as <c>name:type</c> with a JSON Schema type (string, boolean, number, integer, array, object),
/// or <c>decimal</c> for one read by <see cref="MergePatch.Decimal"/> (a number or a string holding one, never null).
/// </summary>
public sealed record MergePatchMetadata(IReadOnlyList<(string Name, string Type)> Members);

/// <summary>
/// What a route answers when it succeeds: the statuses (200, 201, 202, 204, 302) and the JSON body's type (null for none,
/// or <see cref="AnyJson"/> for a document with no one type, the export).
/// </summary>
public sealed record ResponseMetadata(Type? Type, IReadOnlyList<int> Statuses)
{
    /// <summary>Stands for a JSON object whose shape no one type describes.</summary>
    public sealed class AnyJson;
}

/// <summary>A route that names nothing in its path but answers 404 when the caller has none of what it reads (the limits in force).</summary>
public sealed record NotFoundWhenNoneMetadata;

/// <summary>
/// A route whose handler can refuse a known caller with 403 (not the author or a host, not a moderator, the author's
/// settings say no, a suspended account signing in). Only these document 403: nothing in the pipeline answers 403, so a
/// route without it never does (the walks of <c>OpenApiAnswerShapeTests</c> and <c>OpenApiWriteShapeTests</c> hold that).
/// </summary>
public sealed record ForbiddenMetadata;

/// <summary>An open route that checks credentials in its body (a password, a refresh token, a passkey): wrong ones are a 401.</summary>
public sealed record CredentialsMetadata;

/// <summary>How the module files say what the API document needs to know about a route, next to where they map it.</summary>
public static class RouteDocs
{
    public static RouteHandlerBuilder Guest(this RouteHandlerBuilder route) => route.WithMetadata(new RouteAccessMetadata(RouteAccess.Guest));

    public static RouteHandlerBuilder Open(this RouteHandlerBuilder route) => route.WithMetadata(new RouteAccessMetadata(RouteAccess.Open));

    /// <param name="required">The JSON names of the members the handler refuses the body without: "content", "uploadId", …</param>
    public static RouteHandlerBuilder Body<T>(this RouteHandlerBuilder route, params string[] required) where T : class =>
        route.WithMetadata(new JsonBodyMetadata(typeof(T), required));

    /// <param name="members">"caption:string", "commentsDisabled:boolean", …</param>
    public static RouteHandlerBuilder Patch(this RouteHandlerBuilder route, params string[] members) =>
        route.WithMetadata(new MergePatchMetadata(members.Select(m => m.Split(':') is [var name, var type]
            ? (name, type) : throw new ArgumentException($"'{m}' is not name:type.", nameof(members))).ToList()));

    /// <summary>A JSON body of type <typeparamref name="T"/> with each of <paramref name="statuses"/> (200 when none is given).</summary>
    public static RouteHandlerBuilder Returns<T>(this RouteHandlerBuilder route, params int[] statuses) =>
        route.WithMetadata(new ResponseMetadata(typeof(T), statuses.Length == 0 ? [200] : statuses));

    /// <summary>404 when the caller has none of the one thing the route reads (see <see cref="NotFoundWhenNoneMetadata"/>).</summary>
    public static RouteHandlerBuilder NotFoundWhenNone(this RouteHandlerBuilder route) => route.WithMetadata(new NotFoundWhenNoneMetadata());

    /// <summary>The handler can answer 403 (see <see cref="ForbiddenMetadata"/>).</summary>
    public static RouteHandlerBuilder CanForbid(this RouteHandlerBuilder route) => route.WithMetadata(new ForbiddenMetadata());

    /// <summary>An open route that answers 401 for wrong credentials in its body (see <see cref="CredentialsMetadata"/>).</summary>
    public static RouteHandlerBuilder ChecksCredentials(this RouteHandlerBuilder route) => route.WithMetadata(new CredentialsMetadata());

    /// <summary>204, no body.</summary>
    public static RouteHandlerBuilder NoContent(this RouteHandlerBuilder route) => route.WithMetadata(new ResponseMetadata(null, [204]));

    /// <summary>202, no body: the work was queued.</summary>
    public static RouteHandlerBuilder Accepted(this RouteHandlerBuilder route) => route.WithMetadata(new ResponseMetadata(null, [202]));

    /// <summary>302 to a signed media URL.</summary>
    public static RouteHandlerBuilder Redirect(this RouteHandlerBuilder route) => route.WithMetadata(new ResponseMetadata(null, [302]));

    /// <summary><c>cursor</c> and <c>limit</c>: a keyset page (<see cref="PageRequest.TryRead"/>).</summary>
    public static RouteHandlerBuilder Paged(this RouteHandlerBuilder route) => route
        .WithMetadata(new QueryParameterMetadata("cursor", "The nextCursor of the previous page; absent for the first page."))
        .Limited();

    /// <summary><c>limit</c> alone: a top-N list (<see cref="PageRequest.TryReadLimit"/>).</summary>
    public static RouteHandlerBuilder Limited(this RouteHandlerBuilder route) =>
        route.WithMetadata(new QueryParameterMetadata("limit", $"How many items, 1 to {PageRequest.MaxLimit}.", Type: "integer"));

    public static RouteHandlerBuilder Query(this RouteHandlerBuilder route, string name, string description, bool required = false) =>
        route.WithMetadata(new QueryParameterMetadata(name, description, required));
}
