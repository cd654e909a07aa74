namespace Fowergram.Features.Notifications;

/// <summary>
/// Instagram-style grouping (<c>GET /notifications?group=true</c>), within one page: notices of one type
/// about one entity — for follows, requests and accepts, whose entity is their actor: of one type — made
/// within <see cref="Window"/> of the group's newest are folded into it ("alice and 12 others started
/// following you."). The cursor still walks the underlying notices, so a group can go on in the next page.
/// Notices without an actor (system) are never grouped, nor countdown_ended ones (<see cref="FoldsAlone"/>).
/// </summary>
internal static class NotificationGroups
{
    public static readonly TimeSpan Window = TimeSpan.FromDays(1);

    /// <summary>
    /// A notice that is never folded with others: a system notice, each of which matters on its own, and a countdown_ended
    /// one, since a reader gets one per countdown: its entity is the author, so "one type about one entity" would fold the
    /// countdowns of one author, or of several (entity the actor, as a follow's), under the newest one's title.
    /// </summary>
    public static bool FoldsAlone(NotificationRow row) => row.ActorId is null || row.Type == "countdown_ended";

    public static List<NotificationView> Fold(IReadOnlyList<NotificationRow> rows)
    {
        var groups = new List<List<NotificationRow>>();
        var open = new Dictionary<(string Type, string? EntityType, Guid? EntityId), List<NotificationRow>>();
        foreach (var row in rows) // newest first
        {
            if (FoldsAlone(row))
            {
                groups.Add([row]);
                continue;
            }
            var aboutActor = row.EntityType == "user" && row.EntityId == row.ActorId;
            var key = (row.Type, aboutActor ? null : row.EntityType, aboutActor ? null : row.EntityId);
            if (open.TryGetValue(key, out var group) && group[0].CreatedAt - row.CreatedAt <= Window)
            {
                group.Add(row);
                continue;
            }
            open[key] = [row];
            groups.Add(open[key]);
        }
        return groups.Select(g => NotificationTexts.ToView(g)).ToList();
    }
}
