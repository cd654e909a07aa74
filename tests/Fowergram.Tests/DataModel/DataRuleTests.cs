namespace Fowergram.Tests.DataModel;

/// <summary>Bad data is refused by the database itself, with the SQLSTATE and constraint the API maps to 400/404/409.</summary>
public sealed class DataRuleTests
{
    private static readonly IReadOnlyDictionary<string, RuleCase> Cases =
        CheckRules.All.Concat(UniqueRules.All).Concat(ForeignKeyRules.All).ToDictionary(c => c.Name);

    public static TheoryData<string> CheckCases => Names(CheckRules.All);
    public static TheoryData<string> UniqueCases => Names(UniqueRules.All);
    public static TheoryData<string> ForeignKeyCases => Names(ForeignKeyRules.All);

    [Theory]
    [MemberData(nameof(CheckCases))]
    public Task Check_rule_refuses_bad_row(string rule) => Cases[rule].AssertRefusedAsync();

    [Theory]
    [MemberData(nameof(UniqueCases))]
    public Task Unique_rule_refuses_duplicate(string rule) => Cases[rule].AssertRefusedAsync();

    [Theory]
    [MemberData(nameof(ForeignKeyCases))]
    public Task Foreign_key_refuses_dangling_reference(string rule) => Cases[rule].AssertRefusedAsync();

    private static TheoryData<string> Names(IEnumerable<RuleCase> cases) => new(cases.Select(c => c.Name));
}
