using Fowergram.Functions.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Fowergram.Functions.Tests;

/// <summary>The HTTP functions stay thin adapters: anonymous (our bearer tokens do auth), one call into a Fowergram *Api handler.</summary>
public sealed class HttpFunctionTests
{
    public static TheoryData<string> HttpFunctions() => [.. FunctionCatalog.Http.Select(f => f.Name)];

    public static TheoryData<string> AllFunctions() => [.. FunctionCatalog.All.Select(f => f.Name)];

    private static FunctionInfo Function(string name) => FunctionCatalog.All.Single(f => f.Name == name);

    [Theory]
    [MemberData(nameof(HttpFunctions))]
    public void Http_function_is_anonymous_and_lists_its_methods(string name)
    {
        var function = Function(name);
        Assert.Equal(AuthorizationLevel.Anonymous, (AuthorizationLevel)(int)function.Argument(0)!);
        Assert.NotEmpty(function.StringArguments(1));
        Assert.Equal(typeof(HttpRequest), function.TriggerParameter!.ParameterType);
        Assert.Equal(typeof(Task<IResult>), function.Method.ReturnType);
    }

    [Theory]
    [MemberData(nameof(HttpFunctions))]
    public void Http_function_takes_each_route_value_as_a_string_named_like_the_template(string name)
    {
        var function = Function(name);
        var route = Assert.IsType<string>(function.Named("Route"));
        var templateValues = RoutePatternFactory.Parse(route).Parameters.Select(p => p.Name).Order(StringComparer.Ordinal);
        var parameters = function.Method.GetParameters()
            .Where(p => p != function.TriggerParameter && p.ParameterType != typeof(CancellationToken))
            .ToList();
        Assert.All(parameters, p => Assert.Equal(typeof(string), p.ParameterType));
        Assert.Equal(templateValues, parameters.Select(p => p.Name!).Order(StringComparer.Ordinal));
        Assert.Equal(typeof(CancellationToken), function.Method.GetParameters()[^1].ParameterType);
    }

    [Fact]
    public void Http_function_classes_depend_only_on_fowergram_api_handlers_that_add_fowergram_registers()
    {
        using var services = FunctionsHost.Build();
        var isService = services.GetRequiredService<IServiceProviderIsService>();
        var classes = FunctionCatalog.Http.Select(f => f.Method.DeclaringType!).Distinct().ToList();
        Assert.NotEmpty(classes);
        Assert.All(classes, type => Assert.All(Assert.Single(type.GetConstructors()).GetParameters(), p =>
        {
            Assert.True(p.ParameterType.Assembly == typeof(FowergramServices).Assembly && p.ParameterType.Name.EndsWith("Api", StringComparison.Ordinal),
                $"{type.Name} takes {p.ParameterType.FullName}; HTTP function classes take only Fowergram's <Area>Api handlers");
            Assert.True(isService.IsService(p.ParameterType), $"{p.ParameterType.Name} is not registered by AddFowergram");
        }));
    }

    [Theory]
    [MemberData(nameof(AllFunctions))]
    public void Function_body_is_a_single_call(string name)
    {
        var function = Function(name);
        var calls = IlCalls.Of(function.Method);
        Assert.True(calls.Count == 1, $"{function.Label} makes {calls.Count} calls ({string.Join(", ", calls)}); " +
                                      "a function body is one call into Fowergram or a host helper");
    }
}
