using System.Text.Json.Nodes;

namespace Fowergram.Tests.Platform.Http;

/// <summary>The walks' checker refuses what a format or pattern refuses, so a walk that passes has really looked.</summary>
public sealed class OpenApiShapeCheckerTests
{
    private static readonly OpenApiShapeChecker Checker = new(new JsonObject());

    [Theory]
    [InlineData("uuid", "0190b5c4-7c1e-7e0a-9d6b-4a1f2c3d4e5f", true)]
    [InlineData("uuid", "0190b5c47c1e7e0a9d6b4a1f2c3d4e5f", false)]
    [InlineData("date-time", "2026-12-07T13:04:55.123+00:00", true)]
    [InlineData("date-time", "2026-12-07T13:04:55Z", true)]
    [InlineData("date-time", "2026-12-07 13:04:55", false)]
    [InlineData("date-time", "12/07/2026 13:04:55 +00:00", false)]
    [InlineData("date", "2026-12-07", true)]
    [InlineData("date", "2026-12-07T00:00:00Z", false)]
    [InlineData("uri", "https://fowergram.dev/a", true)]
    [InlineData("uri", "/relative", false)]
    [InlineData("email", "a@b.dev", true)]
    [InlineData("email", "ab.dev", false)]
    public void A_string_is_held_to_its_format(string format, string value, bool holds) =>
        Assert.Equal(holds, Checker.Problems(JsonValue.Create(value), new JsonObject { ["type"] = "string", ["format"] = format }).Count == 0);

    [Theory]
    [InlineData("12.50", true)]
    [InlineData("12.50\n", false)]
    [InlineData("+1", false)]
    public void A_final_dollar_is_the_very_end_as_in_json_schema(string value, bool holds) =>
        Assert.Equal(holds, Checker.Problems(JsonValue.Create(value),
            new JsonObject { ["type"] = "string", ["pattern"] = "^" + Fowergram.Platform.Http.ExactDecimal.NumberText + "$" }).Count == 0);

    [Fact]
    public void A_format_the_checker_does_not_know_fails_rather_than_passing_unchecked() =>
        Assert.Throws<InvalidOperationException>(() => Checker.Problems(JsonValue.Create("x"), new JsonObject { ["type"] = "string", ["format"] = "ipv6" }));
}
