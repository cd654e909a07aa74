using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace Fowergram.Platform.Http;

/// <summary>The <c>?days=</c> of a look back over recent days (activity summary, insights): a whole number from 1 to a maximum.</summary>
public static class DaysQuery
{
    public static bool TryRead(HttpRequest request, int defaultDays, int maxDays, out int days, out IResult? error)
    {
        var raw = request.Query["days"].ToString();
        days = defaultDays;
        error = null;
        if (raw.Length == 0 || (int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out days) && days >= 1 && days <= maxDays))
            return true;
        error = Problems.Validation("days", $"Must be a whole number from 1 to {maxDays}.");
        return false;
    }
}
