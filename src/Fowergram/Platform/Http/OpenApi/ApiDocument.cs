using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Fowergram.Platform.Http.Idempotency;

namespace Fowergram.Platform.Http.OpenApi;

/// <summary>
/// The OpenAPI 3.1 document of the API (docs/api.md), built once from the route table and what the module files say
/// about each route (<see cref="RouteDocs"/>): its access, query parameters and body. Request body schemas come from the
/// request types themselves through System.Text.Json's schema exporter, with the API's JSON options, so they are the
/// shapes the handlers deserialise. Both hosts serve the same document at <c>GET /api/v1/openapi.json</c>.
/// </summary>
public sealed partial class ApiDocument(IServiceProvider services, Action<IEndpointRouteBuilder> mapRoutes)
{
    private readonly Lazy<Served> _served = new(() => Serve(Build(Endpoints(services, mapRoutes)).ToJsonString(Indented)));

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public string Json => _served.Value.Json;

    /// <summary>The document as served, made once: its UTF-8 bytes (1.4 MB, encoded on every request before) and their strong ETag.</summary>
    public (byte[] Utf8, string ETag) Response => (_served.Value.Utf8, _served.Value.ETag);

    private sealed record Served(string Json, byte[] Utf8, string ETag);

    private static Served Serve(string json)
    {
        var utf8 = System.Text.Encoding.UTF8.GetBytes(json);
        return new Served(json, utf8, "\"" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(utf8))[..32] + "\"");
    }

    internal static IReadOnlyList<RouteEndpoint> Endpoints(IServiceProvider services, Action<IEndpointRouteBuilder> mapRoutes)
    {
        var builder = new DocumentRouteBuilder(services);
        mapRoutes(builder);
        return builder.DataSources.SelectMany(d => d.Endpoints).OfType<RouteEndpoint>().ToList();
    }

    public static JsonObject Build(IEnumerable<RouteEndpoint> endpoints)
    {
        var paths = new JsonObject();
        var schemas = new SchemaRegistry();
        endpoints = endpoints.ToList();
        foreach (var extension in endpoints.SelectMany(e => e.Metadata.GetOrderedMetadata<ExtensionMembersMetadata>()).Distinct())
            schemas.Extend(extension.Owner, extension.Members);
        foreach (var endpoint in endpoints.OrderBy(e => Template(e), StringComparer.Ordinal))
        {
            var template = Template(endpoint);
            if (paths[template] is not JsonObject path) paths[template] = path = new JsonObject();
            foreach (var method in endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? [])
                path[method.ToLowerInvariant()] = Operation(method, template, endpoint, schemas);
        }
        return new JsonObject
        {
            ["openapi"] = "3.1.1",
            ["info"] = new JsonObject
            {
                ["title"] = "Fowergram API",
                ["version"] = "v1",
                ["description"] = "The backend of an Instagram-style app. JSON in and out (camelCase, nulls omitted, UTC ISO-8601 dates); " +
                    "every error is an RFC 9457 problem (application/problem+json), validation errors name their fields in `errors`. " +
                    "Lists are keyset pages: `{ items, nextCursor }`, pass `cursor=nextCursor` for the next one.",
            },
            ["paths"] = paths,
            ["components"] = Components(schemas),
        };
    }

    /// <summary>The path as OpenAPI writes it: parameters by name, without their route constraints (RouteParameters).</summary>
    private static string Template(RouteEndpoint endpoint) => RouteParameters.Plain(endpoint.RoutePattern);

    private static JsonObject Operation(string method, string template, RouteEndpoint endpoint, SchemaRegistry schemas)
    {
        var metadata = endpoint.Metadata;
        var access = metadata.GetMetadata<RouteAccessMetadata>()?.Access ?? RouteAccess.Member;
        var pathParameters = RouteParameter().Matches(template).Select(m => m.Groups[1].Value).ToList();
        var queries = metadata.GetOrderedMetadata<QueryParameterMetadata>();
        var body = metadata.GetMetadata<JsonBodyMetadata>();
        var patch = metadata.GetMetadata<MergePatchMetadata>();

        var parameters = new JsonArray();
        foreach (var name in pathParameters)
            parameters.Add(new JsonObject { ["name"] = name, ["in"] = "path", ["required"] = true, ["schema"] = new JsonObject { ["type"] = "string" } });
        foreach (var query in queries.DistinctBy(q => q.Name))
            parameters.Add(new JsonObject
            {
                ["name"] = query.Name, ["in"] = "query", ["required"] = query.Required, ["description"] = query.Description,
                ["schema"] = new JsonObject { ["type"] = query.Type },
            });
        var idempotent = IdempotentRoutes.Covers(method, template);
        if (idempotent) parameters.Add(IdempotencyKeyParameter());

        var operation = new JsonObject
        {
            ["operationId"] = OperationId(method, template),
            ["tags"] = new JsonArray(Tag(template)),
            ["security"] = access switch
            {
                RouteAccess.Member => new JsonArray(Bearer()),
                RouteAccess.Guest => new JsonArray(Bearer(), new JsonObject()),
                _ => new JsonArray(),
            },
        };
        if (parameters.Count > 0) operation["parameters"] = parameters;
        if (body is not null) operation["requestBody"] = RequestBody(BodySchema(body, schemas), "A JSON object.");
        else if (patch is not null) operation["requestBody"] = RequestBody(PatchSchema(patch),
            "A JSON merge patch (RFC 7396): an absent member leaves its field alone, null clears it where it may be cleared.");
        operation["responses"] = Responses(method, metadata.GetMetadata<ResponseMetadata>(), schemas,
            new Refusals(
                Input: pathParameters.Count > 0 || queries.Count > 0 || body is not null || patch is not null,
                Token: access != RouteAccess.Open || metadata.GetMetadata<CredentialsMetadata>() is not null,
                Forbidden: metadata.GetMetadata<ForbiddenMetadata>() is not null,
                // A body naming things by id (an upload, a story, a product) is refused with 404 when one is not there for the caller.
                Names: pathParameters.Count > 0 || metadata.GetMetadata<NotFoundWhenNoneMetadata>() is not null || (body is not null && NamesById(body.Type)),
                Body: body is not null || patch is not null));
        if (idempotent) IdempotencyAnswers((JsonObject)operation["responses"]!);
        return operation;
    }

    private static JsonObject Success(int status, Type? type, SchemaRegistry schemas)
    {
        var response = new JsonObject
        {
            ["description"] = status switch
            {
                201 => "Created; Location names the new resource.",
                202 => "Accepted: the work was queued.",
                204 => "Done (or already so); no content.",
                302 => "Found: Location is a short-lived signed URL of the media.",
                _ => "OK.",
            },
        };
        if (status is 201 or 302)
            response["headers"] = new JsonObject { ["Location"] = new JsonObject { ["schema"] = new JsonObject { ["type"] = "string" } } };
        if (type is not null)
            response["content"] = new JsonObject
            {
                ["application/json"] = new JsonObject
                {
                    ["schema"] = type == typeof(ResponseMetadata.AnyJson) ? new JsonObject { ["type"] = "object" } : schemas.Ref(type, answer: true),
                },
            };
        return response;
    }

    /// <summary>The type's schema, with the members this route refuses the body without (OpenAPI 3.1 allows them beside $ref).</summary>
    private static JsonObject BodySchema(JsonBodyMetadata body, SchemaRegistry schemas)
    {
        var schema = schemas.Ref(body.Type, answer: false);
        if (body.Required.Count > 0) schema["required"] = new JsonArray(body.Required.Select(name => (JsonNode)name).ToArray());
        return schema;
    }

    private static JsonObject Bearer() => new() { ["bearer"] = new JsonArray() };

    private static JsonObject RequestBody(JsonNode schema, string description) => new()
    {
        ["required"] = true,
        ["description"] = description,
        ["content"] = new JsonObject { ["application/json"] = new JsonObject { ["schema"] = schema } },
    };

    /// <summary>Which kinds of refusal a route can answer, from what it takes and what its module says of it.</summary>
    private sealed record Refusals(bool Input, bool Token, bool Forbidden, bool Names, bool Body);

    private static JsonObject Responses(string method, ResponseMetadata? success, SchemaRegistry schemas, Refusals can)
    {
        var responses = new JsonObject();
        if (success is null)
            responses["2XX"] = new JsonObject { ["description"] = "Success." };
        else
            foreach (var status in success.Statuses)
                responses[status.ToString(System.Globalization.CultureInfo.InvariantCulture)] = Success(status, success.Type, schemas);
        void Problem(string status, string reference) => responses[status] = new JsonObject { ["$ref"] = $"#/components/responses/{reference}" };
        if (can.Input || method != "GET") Problem("400", "BadRequest");
        if (can.Token) Problem("401", "Unauthorized");
        if (can.Forbidden) Problem("403", "Forbidden");
        if (can.Names) Problem("404", "NotFound");
        if (method != "GET") Problem("409", "Conflict");
        if (can.Body)
        {
            Problem("413", "PayloadTooLarge");
            Problem("415", "UnsupportedMediaType");
        }
        Problem("429", "TooManyRequests");
        Problem("503", "Unavailable");
        return responses;
    }

    /// <summary>Whether a request type refers to things by id (a Guid member, at any depth, alone or in a list).</summary>
    private static bool NamesById(Type type, int depth = 0)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(Guid)) return true;
        if (depth > 4 || type == typeof(string) || type.IsPrimitive || type.IsEnum) return false;
        if (type.IsArray) return NamesById(type.GetElementType()!, depth + 1);
        if (type.IsGenericType && typeof(System.Collections.IEnumerable).IsAssignableFrom(type))
            return type.GetGenericArguments().Any(a => NamesById(a, depth + 1));
        return type.IsClass && type.GetProperties().Any(p => NamesById(p.PropertyType, depth + 1));
    }

    private static JsonObject PatchSchema(MergePatchMetadata patch)
    {
        var properties = new JsonObject();
        // A decimal (MergePatch.Decimal) reads what a body's does and cannot be cleared; other members may be sent as null.
        foreach (var (name, type) in patch.Members)
            properties[name] = type == "decimal" ? SchemaRegistry.ExactDecimalSchema(nullable: false) : new JsonObject { ["type"] = new JsonArray(type, "null") };
        return new JsonObject { ["type"] = "object", ["properties"] = properties, ["minProperties"] = 0 };
    }

    private static JsonObject Components(SchemaRegistry schemas)
    {
        static JsonObject ProblemResponse(string description) => new()
        {
            ["description"] = description,
            ["content"] = new JsonObject { ["application/problem+json"] = new JsonObject { ["schema"] = new JsonObject { ["$ref"] = "#/components/schemas/Problem" } } },
        };
        return new JsonObject
        {
            ["securitySchemes"] = new JsonObject
            {
                ["bearer"] = new JsonObject
                {
                    ["type"] = "http", ["scheme"] = "bearer",
                    ["description"] = "The access token of POST /api/v1/auth/login or /auth/refresh.",
                },
            },
            ["schemas"] = schemas.ToJson([new("Problem", new JsonObject
                {
                    ["type"] = "object",
                    ["properties"] = new JsonObject
                    {
                        ["type"] = new JsonObject { ["type"] = "string" },
                        ["title"] = new JsonObject { ["type"] = "string" },
                        ["status"] = new JsonObject { ["type"] = "integer" },
                        ["detail"] = new JsonObject { ["type"] = "string" },
                        ["traceId"] = new JsonObject { ["type"] = "string" },
                        ["twoFactorRequired"] = new JsonObject
                        {
                            ["type"] = "boolean",
                            ["description"] = "On a sign-in's 401: the password was right and the account asks a two-factor code; send it.",
                        },
                        ["errors"] = new JsonObject
                        {
                            ["type"] = "object",
                            ["description"] = "Validation errors: each member a field path (media[0].uploadId), its messages.",
                            ["additionalProperties"] = new JsonObject { ["type"] = "array", ["items"] = new JsonObject { ["type"] = "string" } },
                        },
                    },
                    ["required"] = new JsonArray("title", "status"),
                })]),
            ["responses"] = new JsonObject
            {
                ["BadRequest"] = ProblemResponse("Malformed or invalid input; `errors` names each field."),
                ["Unauthorized"] = ProblemResponse("No valid access token (a WWW-Authenticate bearer challenge says why); on the open routes " +
                    "that check credentials (sign-in, refresh, appeals), the credentials are wrong (`twoFactorRequired`: the password was right, " +
                    "send the code too)."),
                ["Forbidden"] = ProblemResponse("The caller is known but may not do this (not the author or a host, not a moderator, " +
                    "the author's settings refuse it, a suspended account signing in); `detail` says why. Documented only on the routes " +
                    "whose handler can answer it: no account state makes every route answer 403."),
                ["NotFound"] = ProblemResponse("Nothing there, or nothing the caller may see (never told apart)."),
                ["Conflict"] = ProblemResponse("The request conflicts with the current state (already used, a rejected upload, …)."),
                ["ConflictOrKeyInProgress"] = ProblemResponse("The request conflicts with the current state (already used, a rejected " +
                    "upload, …), or a request with this Idempotency-Key is still being answered: then Retry-After says when to ask again."),
                ["IdempotencyKeyReused"] = ProblemResponse("This Idempotency-Key was sent with another request (method, path or body)."),
                ["PayloadTooLarge"] = ProblemResponse("The body is larger than the route accepts."),
                ["UnsupportedMediaType"] = ProblemResponse("The body is not JSON."),
                ["TooManyRequests"] = ProblemResponse("Too many attempts, or the account's write allowance of one kind (comments, messages, follows, " +
                    "posts and reels, stories) is spent and `errors` names the kind; Retry-After says when to try again."),
                ["Unavailable"] = ProblemResponse("The database is briefly unavailable; Retry-After says when to try again."),
            },
        };
    }

    /// <summary>GET /api/v1/posts/{id}/comments → getPostsByIdComments: unique per (method, template), stable, an identifier.</summary>
    private static string OperationId(string method, string template)
    {
        var words = template.Split('/', StringSplitOptions.RemoveEmptyEntries)
            .Where(s => s is not ("api" or "v1"))
            .Select(s => RouteParameter().Match(s) is { Success: true } p ? "By" + Pascal(p.Groups[1].Value) : Pascal(s));
        return method.ToLowerInvariant() + string.Concat(words);
    }

    private static string Pascal(string segment) => string.Concat(segment.Split('-', '.', '_')
        .Where(w => w.Length > 0).Select(w => char.ToUpperInvariant(w[0]) + w[1..]));

    private static string Tag(string template) =>
        template.Split('/', StringSplitOptions.RemoveEmptyEntries).SkipWhile(s => s is "api" or "v1").FirstOrDefault() ?? "api";

    [GeneratedRegex(@"\{\*{0,2}([A-Za-z]+)(?::[^}]+)?\}")]
    private static partial Regex RouteParameter();
}
