using Microsoft.AspNetCore.Http;

namespace Fowergram.Platform.Http;

/// <summary>Collects per-field messages; handlers answer <see cref="ToProblem"/> when any were added.</summary>
public sealed class Validation
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool IsValid => _errors.Count == 0;

    public Validation Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var list)) _errors[field] = list = [];
        list.Add(message);
        return this;
    }

    /// <summary>Present and not blank (<see cref="TextRules.IsBlank"/>: white space and zero-width characters alone are blank).</summary>
    public Validation Required(string field, string? value)
    {
        if (TextRules.IsBlank(value)) Add(field, "This field is required.");
        return this;
    }

    /// <summary>
    /// An optional text that, when sent, shows something (<see cref="TextRules.IsInvisibleOnly"/>): null, empty and white space
    /// pass, as they clear or leave the field empty; only zero-width and other invisible characters are refused.
    /// </summary>
    public Validation Visible(string field, string? value)
    {
        if (TextRules.IsInvisibleOnly(value)) Add(field, TextRules.InvisibleOnly);
        return this;
    }

    /// <summary>At most <paramref name="max"/> characters as the tables count them (<see cref="TextRules.Characters"/>: an emoji is one).</summary>
    public Validation MaxLength(string field, string? value, int max)
    {
        if (value is not null && TextRules.Characters(value) > max) Add(field, $"Must be at most {max} characters.");
        return this;
    }

    /// <summary>
    /// A one-line field (a name, a label, a code: <see cref="TextRules.IsOneLine"/>): no newline, tab or other control character,
    /// nor U+2028 / U+2029. Null passes (absent or cleared).
    /// </summary>
    public Validation OneLine(string field, string? value)
    {
        if (value is not null && !TextRules.IsOneLine(value)) Add(field, "Must be one line without control characters.");
        return this;
    }

    public Validation OneOf(string field, string? value, IReadOnlyCollection<string> allowed)
    {
        if (value is not null && !allowed.Contains(value)) Add(field, $"Must be one of: {string.Join(", ", allowed)}.");
        return this;
    }

    /// <summary>The first field refused and its first message, or null when nothing was.</summary>
    public (string Field, string Message)? First => _errors.Count == 0 ? null : (_errors.First().Key, _errors.First().Value[0]);

    public IResult ToProblem() => Problems.Validation(_errors.ToDictionary(e => e.Key, e => e.Value.ToArray()));
}
