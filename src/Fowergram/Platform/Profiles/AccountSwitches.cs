using Fowergram.Platform.Http;
using Microsoft.AspNetCore.Http;

namespace Fowergram.Platform.Profiles;

/// <summary>What the on/off switches of an account (activity status, read receipts, like counts) share: the body.</summary>
internal static class AccountSwitches
{
    /// <summary>The <c>{visible: true|false}</c> body; the problem to answer otherwise.</summary>
    public static async Task<(bool Visible, IResult? Error)> ReadAsync(HttpRequest request, CancellationToken ct)
    {
        var body = await JsonBody.ReadAsync<SwitchRequest>(request, ct);
        if (body.Error is not null) return (false, body.Error);
        return body.Value!.Visible is { } visible ? (visible, null) : (false, Problems.Validation("visible", "This field is required: true or false."));
    }
}

/// <summary>PUT /api/v1/users/me/activity-status, /read-receipts and /like-counts: on (true) or off (false).</summary>
public sealed record SwitchRequest(bool? Visible);
