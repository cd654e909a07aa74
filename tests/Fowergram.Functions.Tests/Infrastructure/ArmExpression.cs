using Xunit;

namespace Fowergram.Functions.Tests.Infrastructure;

/// <summary>
/// Reads object literals out of an ARM expression string. An object with a value known only at
/// deployment (an app setting holding a resource's property, a tag union) compiles to
/// createObject('key', value, ...) calls inside one "[...]" string, not to a JSON object.
/// </summary>
public static class ArmExpression
{
    private const string CreateObject = "createObject(";

    /// <summary>Every key of every createObject call in the expression, with its value's expression text.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> ObjectEntries(string expression)
    {
        var entries = new List<KeyValuePair<string, string>>();
        for (var at = expression.IndexOf(CreateObject, StringComparison.Ordinal); at >= 0;
             at = expression.IndexOf(CreateObject, at + 1, StringComparison.Ordinal))
        {
            var arguments = Arguments(expression, at + CreateObject.Length);
            Assert.True(arguments.Count % 2 == 0, "createObject with an odd number of arguments in " + expression);
            for (var i = 0; i < arguments.Count; i += 2) entries.Add(new(StringLiteral(arguments[i]), arguments[i + 1]));
        }
        return entries;
    }

    /// <summary>The text of a literal 'string' ('' stands for a quote inside it).</summary>
    public static string StringLiteral(string argument)
    {
        Assert.True(argument.Length >= 2 && argument[0] == '\'' && argument[^1] == '\'', $"not a string literal: {argument}");
        return argument[1..^1].Replace("''", "'", StringComparison.Ordinal);
    }

    /// <summary>The arguments of a call such as "format('{0}/{1}', a, b)", as expression texts.</summary>
    public static IReadOnlyList<string> CallArguments(string call) => Arguments(call, call.IndexOf('(', StringComparison.Ordinal) + 1);

    /// <summary>The comma-separated arguments of the call whose argument list starts at <paramref name="start"/>.</summary>
    private static List<string> Arguments(string expression, int start)
    {
        var arguments = new List<string>();
        var (depth, inString, from) = (0, false, start);
        for (var i = start; i < expression.Length; i++)
        {
            var c = expression[i];
            if (inString)
            {
                if (c != '\'') continue;
                if (i + 1 < expression.Length && expression[i + 1] == '\'') i++; // an escaped quote
                else inString = false;
            }
            else if (c == '\'') inString = true;
            else if (c is '(' or '[') depth++;
            else if (c is ']' || (c is ')' && depth > 0)) depth--;
            else if (c is ',' && depth == 0) { arguments.Add(expression[from..i].Trim()); from = i + 1; }
            else if (c is ')')
            {
                var last = expression[from..i].Trim();
                if (last.Length > 0 || arguments.Count > 0) arguments.Add(last);
                return arguments;
            }
        }
        throw new ArgumentException("unbalanced call in ARM expression: " + expression);
    }
}
