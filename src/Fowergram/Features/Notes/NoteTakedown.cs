using Dapper;
using Fowergram.Platform.Moderation;
using Npgsql;

namespace Fowergram.Features.Notes;

/// <summary>A reported note removed by a moderator: deleted with its likes, as its author's DELETE /users/me/note does (notes raise no events).</summary>
public sealed class NoteTakedown : ITakedown
{
    private const string Remove = "DELETE FROM notes WHERE id = @noteId";

    public IReadOnlyCollection<string> TargetTypes { get; } = ["note"];

    public async Task<bool> TakeDownAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string targetType, Guid targetId, DateTimeOffset now,
        CancellationToken ct) =>
        await conn.ExecuteAsync(new CommandDefinition(Remove, new { noteId = targetId }, tx, cancellationToken: ct)) > 0;
}
