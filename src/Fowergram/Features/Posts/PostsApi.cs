using Fowergram.Platform.Auth;
using Fowergram.Platform.Content;
using Fowergram.Platform.Http;
using Fowergram.Platform.Http.Idempotency;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Fowergram.Features.Posts;

/// <summary>POST /posts and GET /posts/{id}.</summary>
public sealed class PostsApi(NpgsqlDataSource db, AccessTokens tokens, PostWriter writer, PostReader reader, IdempotentRequests idempotency)
{
    /// <summary>The body is small: ten media references and a caption.</summary>
    private const int BodyLimit = 32 * 1024;

    /// <summary>Once per <c>Idempotency-Key</c> (<see cref="IdempotentRequests"/>).</summary>
    public Task<IResult> Create(HttpRequest request, CancellationToken ct) =>
        idempotency.RunAsync(request, () => CreateOnce(request, ct), ct);

    private async Task<IResult> CreateOnce(HttpRequest request, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        var body = await JsonBody.ReadAsync<CreatePostRequest>(request, ct, BodyLimit);
        if (body.Error is not null) return body.Error;
        var errors = new Validation();
        var collaborators = PostRules.CollaboratorNames(body.Value!.Collaborators, errors);
        var input = await PostTexts.ComposedAsync(db, body.Value!, ct);
        if (PostRules.Validate(input, errors) is not { } post) return errors.ToProblem();

        var (view, problem) = await writer.CreateAsync(caller.UserId, post, ct, collaborators);
        return problem ?? Api.Created($"/api/v1/posts/{view!.Id}", view);
    }

    /// <summary>
    /// Anyone may read what they may see; everything else (missing, deleted, archived, private, blocked) is 404, and a token
    /// whose account is gone the account's 401.
    /// </summary>
    public async Task<IResult> Get(HttpRequest request, string id, CancellationToken ct)
    {
        if (!tokens.TryReadViewer(request, out var caller)) return Problems.InvalidToken();
        if (!PostAccess.TryParseId(id, out var postId)) return Problems.NotFound("post");
        await using var conn = await db.OpenConnectionAsync(ct);
        return await reader.ReadForReaderAsync(conn, caller?.UserId, postId, ct) is { } view
            ? Api.Ok(view)
            : await GoneCaller.NotFoundAsync(conn, caller?.UserId, "post", ct);
    }
}
