using System.Text.Json;
using System.Text.RegularExpressions;
using Xunit;

namespace Fowergram.Functions.Tests.Infrastructure;

/// <summary>
/// A compiled ARM template (what `bicep build` emits), read as the template states it: values known only
/// at deployment stay expressions such as "[parameters('x')]", and the tests assert on those, not on what
/// Azure would make of them.
/// </summary>
public sealed partial class ArmTemplate(JsonElement root)
{
    public JsonElement Root => root;

    public JsonElement Parameter(string name) => Member(root.At("parameters"), name, "parameter");

    public JsonElement Output(string name) => Member(root.At("outputs"), name, "output");

    /// <summary>A variable's value, following a variable that only points into another ("[variables('a').b]", as loadJsonContent compiles).</summary>
    public JsonElement Variable(string name)
    {
        var value = Member(root.At("variables"), name, "variable");
        if (value.ValueKind != JsonValueKind.String || VariableAlias().Match(value.GetString()!) is not { Success: true } alias) return value;
        var target = Variable(alias.Groups[1].Value);
        foreach (var property in alias.Groups[2].Value.Split('.', StringSplitOptions.RemoveEmptyEntries)) target = target.GetProperty(property);
        return target;
    }

    /// <summary>Every resource of a type (languageVersion 2.0 keys resources by symbolic name; 1.0 lists them).</summary>
    public IReadOnlyList<JsonElement> Resources(string type)
    {
        var resources = root.At("resources");
        var all = resources.ValueKind == JsonValueKind.Object ? resources.EnumerateObject().Select(r => r.Value) : resources.EnumerateArray();
        return all.Where(r => r.At("type").GetString() == type).ToList();
    }

    /// <summary>The one resource of a type whose name expression contains <paramref name="nameContains"/> (a literal or a variable reference).</summary>
    public JsonElement Resource(string type, string nameContains = "")
    {
        var matches = Resources(type).Where(r => r.At("name").GetString()!.Contains(nameContains, StringComparison.Ordinal)).ToList();
        Assert.True(matches.Count == 1, $"{matches.Count} resources of type {type} named like \"{nameContains}\"");
        return matches[0];
    }

    /// <summary>The nested deployment a Bicep module compiles to.</summary>
    public JsonElement Module(string deploymentName) => Resource("Microsoft.Resources/deployments", deploymentName);

    /// <summary>The module's own template (its parameters, variables, resources and outputs).</summary>
    public ArmTemplate ModuleTemplate(string deploymentName) => new(Module(deploymentName).At("properties.template"));

    /// <summary>
    /// The resourceId(...) expression the template uses for one of its resources: a child's name compiles
    /// to format('{0}/{1}', parent, child), whose arguments after the format are resourceId's.
    /// </summary>
    public static string ResourceId(JsonElement resource)
    {
        var name = Unbracketed(resource.At("name").GetString()!);
        var segments = name.StartsWith("format('{0}/", StringComparison.Ordinal) ? string.Join(", ", ArmExpression.CallArguments(name).Skip(1)) : name;
        return $"resourceId('{resource.At("type").GetString()}', {segments})";
    }

    /// <summary>The reference(...) expression through which the template reads a resource's runtime properties.</summary>
    public static string Reference(JsonElement resource) => $"reference({ResourceId(resource)}, '{resource.At("apiVersion").GetString()}')";

    /// <summary>A name segment's value when the template states it: a 'literal' or a variable holding one; otherwise null.</summary>
    public string? StringValue(string argument)
    {
        if (argument.StartsWith('\'')) return ArmExpression.StringLiteral(argument);
        if (VariableReference().Match(argument) is { Success: true } variable && Variable(variable.Groups[1].Value) is { ValueKind: JsonValueKind.String } value)
            return value.GetString();
        return null;
    }

    /// <summary>A resource's own name, the last segment of parent/child, when the template states it (null when only a deployment knows it).</summary>
    public string? OwnName(JsonElement resource)
    {
        var name = resource.At("name").GetString()!;
        if (!name.StartsWith('[')) return name;
        var expression = Unbracketed(name);
        return StringValue(expression.StartsWith("format('{0}/", StringComparison.Ordinal) ? ArmExpression.CallArguments(expression)[^1] : expression);
    }

    /// <summary>The expression inside a "[...]" string.</summary>
    public static string Unbracketed(string expression)
    {
        Assert.True(expression.StartsWith('[') && expression.EndsWith(']'), $"not an expression: {expression}");
        return expression[1..^1];
    }

    private static JsonElement Member(JsonElement section, string name, string kind)
    {
        Assert.True(section.TryGetProperty(name, out var value), $"No {kind} {name} in the compiled template");
        return value;
    }

    [GeneratedRegex(@"^variables\('([^']+)'\)$")]
    private static partial Regex VariableReference();

    [GeneratedRegex(@"^\[variables\('([^']+)'\)((?:\.\w+)*)\]$")]
    private static partial Regex VariableAlias();
}
