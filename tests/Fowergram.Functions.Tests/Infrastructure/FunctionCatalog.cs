using System.Reflection;
using Fowergram.Functions.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Extensions.Abstractions;

namespace Fowergram.Functions.Tests.Infrastructure;

/// <summary>One compiled [Function] method. Attributes are read as metadata (CustomAttributeData), never constructed: the Service Bus trigger facade's constructors throw.</summary>
public sealed record FunctionInfo(string Name, MethodInfo Method, IReadOnlyList<(ParameterInfo Parameter, CustomAttributeData Attribute)> Triggers)
{
    public string Label => $"{Method.DeclaringType!.Name}.{Method.Name} (function '{Name}')";

    public CustomAttributeData? Trigger => Triggers.Count == 1 ? Triggers[0].Attribute : null;

    public ParameterInfo? TriggerParameter => Triggers.Count == 1 ? Triggers[0].Parameter : null;

    public bool Is<TTrigger>() where TTrigger : TriggerBindingAttribute => Trigger?.AttributeType == typeof(TTrigger);

    public object? Argument(int index) => Trigger!.ConstructorArguments[index].Value;

    public IReadOnlyList<string> StringArguments(int index) =>
        ((IEnumerable<CustomAttributeTypedArgument>)Argument(index)!).Select(a => (string)a.Value!).ToList();

    public bool HasNamed(string name) => Trigger!.NamedArguments.Any(a => a.MemberName == name);

    public object? Named(string name) => Trigger!.NamedArguments.Where(a => a.MemberName == name).Select(a => a.TypedValue.Value).FirstOrDefault();
}

/// <summary>Every [Function] compiled from src/Fowergram.Functions into this assembly.</summary>
public static class FunctionCatalog
{
    public static Assembly Assembly => typeof(HealthFunctions).Assembly;

    public static IReadOnlyList<FunctionInfo> All { get; } = Discover();

    public static IEnumerable<FunctionInfo> Http => All.Where(f => f.Is<HttpTriggerAttribute>());

    public static IEnumerable<FunctionInfo> ServiceBus => All.Where(f => f.Is<ServiceBusTriggerAttribute>());

    public static IEnumerable<FunctionInfo> Timers => All.Where(f => f.Is<TimerTriggerAttribute>());

    private static List<FunctionInfo> Discover() =>
        Assembly.GetTypes()
            .Where(t => t.Namespace is { } ns && ns.StartsWith("Fowergram.Functions", StringComparison.Ordinal)
                        && !ns.StartsWith("Fowergram.Functions.Tests", StringComparison.Ordinal))
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .Select(m => (Method: m, Function: m.GetCustomAttributesData().SingleOrDefault(a => a.AttributeType == typeof(FunctionAttribute))))
            .Where(x => x.Function is not null)
            .Select(x => new FunctionInfo((string)x.Function!.ConstructorArguments[0].Value!, x.Method,
                x.Method.GetParameters()
                    .SelectMany(p => p.GetCustomAttributesData()
                        .Where(a => typeof(TriggerBindingAttribute).IsAssignableFrom(a.AttributeType))
                        .Select(a => (p, a)))
                    .ToList()))
            .OrderBy(f => f.Name, StringComparer.Ordinal)
            .ToList();
}
