using System.Text.RegularExpressions;
using Azure.Messaging.ServiceBus;
using Fowergram.Functions.Tests.Infrastructure;
using Fowergram.Functions.Triggers;
using Fowergram.Platform.Events;
using Fowergram.Platform.Jobs;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Fowergram.Functions.Tests;

/// <summary>What Azure runs matches what AddFowergram registers: one subscription trigger per consumer, one timer per job, one sweep.</summary>
public sealed partial class TriggerWiringTests
{
    [Fact]
    public void Every_registered_event_consumer_has_exactly_one_service_bus_trigger_on_its_own_subscription()
    {
        using var services = FunctionsHost.Build();
        var consumers = services.GetServices<IEventConsumer>().Select(c => c.Name).ToList();
        Assert.NotEmpty(consumers);

        var problems = new List<string>();
        foreach (var consumer in consumers)
        {
            var functions = FunctionCatalog.ServiceBus.Where(f => (string?)f.Argument(1) == consumer).ToList();
            if (functions.Count != 1)
                problems.Add($"Consumer '{consumer}' has {functions.Count} [ServiceBusTrigger] functions on its subscription; expected 1 (Triggers/EventConsumerFunctions.cs)");
        }
        foreach (var function in FunctionCatalog.ServiceBus.Where(f => !consumers.Contains((string?)f.Argument(1) ?? "")))
            problems.Add($"{function.Label} listens on subscription '{function.Argument(1)}', which no registered IEventConsumer is named");
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public void Service_bus_triggers_read_the_shared_topic_and_connection_and_settle_explicitly()
    {
        Assert.All(FunctionCatalog.ServiceBus, f =>
        {
            Assert.Equal("%Events:Topic%", f.Argument(0));
            Assert.Equal("ServiceBusConnection", f.Named("Connection"));
            Assert.Equal(f.Argument(1), f.Name); // the function carries the consumer's name
            Assert.True(f.HasNamed("AutoCompleteMessages") && f.Named("AutoCompleteMessages") is false,
                $"{f.Label} must set AutoCompleteMessages = false: ServiceBusEventDelivery settles every message itself");
            // Batches: applied in one transaction (ConsumerRunner.RunManyAsync), settled message by message.
            Assert.True(f.HasNamed("IsBatched") && f.Named("IsBatched") is true, $"{f.Label} must set IsBatched = true");
            Assert.Equal(typeof(ServiceBusReceivedMessage[]), f.TriggerParameter!.ParameterType);
            Assert.Contains(f.Method.GetParameters(), p => p.ParameterType == typeof(ServiceBusMessageActions));
        });
    }

    [Fact]
    public void Every_registered_scheduled_job_has_exactly_one_timer_function_with_its_name_and_schedule()
    {
        using var services = FunctionsHost.Build();
        var jobs = services.GetServices<IScheduledJob>().ToList();

        var problems = new List<string>();
        foreach (var job in jobs)
        {
            var functions = FunctionCatalog.Timers.Where(f => f.Name == job.Name).ToList();
            if (functions.Count != 1)
                problems.Add($"Job '{job.Name}' has {functions.Count} timer functions named after it; expected 1 (Triggers/ScheduledJobFunctions.cs)");
            else if ((string?)functions[0].Argument(0) != job.Schedule)
                problems.Add($"{functions[0].Label} runs on '{functions[0].Argument(0)}' but job '{job.Name}' says '{job.Schedule}'");
        }
        var known = jobs.Select(j => j.Name).Append(OutboxSweepFunction.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var orphan in FunctionCatalog.Timers.Where(f => !known.Contains(f.Name)))
            problems.Add($"{orphan.Label} is a timer for no registered IScheduledJob");
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public void There_is_one_outbox_sweep_timer_on_a_six_field_schedule()
    {
        var sweep = Assert.Single(FunctionCatalog.Timers, f => f.Name == OutboxSweepFunction.Name);
        Assert.Equal(OutboxSweepFunction.Schedule, sweep.Argument(0));
        Assert.Equal(6, OutboxSweepFunction.Schedule.Split(' ').Length);
        Assert.Equal(typeof(TimerInfo), sweep.TriggerParameter!.ParameterType);
    }

    [Fact]
    public void Every_function_has_one_trigger_and_a_unique_valid_name()
    {
        Assert.NotEmpty(FunctionCatalog.All);
        Assert.All(FunctionCatalog.All, f =>
        {
            Assert.True(f.Triggers.Count == 1, $"{f.Label} has {f.Triggers.Count} trigger parameters");
            Assert.Matches(ValidName(), f.Name);
        });
        var duplicates = FunctionCatalog.All.GroupBy(f => f.Name, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1).Select(g => g.Key);
        Assert.Empty(duplicates);
    }

    [Fact]
    public void Every_function_class_and_the_middleware_resolve_from_the_functions_container()
    {
        using var services = FunctionsHost.Build(); // ValidateOnBuild: every registration's dependencies exist
        var isService = services.GetRequiredService<IServiceProviderIsService>();
        var missing = FunctionCatalog.All.Select(f => f.Method.DeclaringType!).Distinct()
            .SelectMany(t => Assert.Single(t.GetConstructors()).GetParameters().Select(p => (t, p.ParameterType)))
            .Where(x => !isService.IsService(x.ParameterType))
            .Select(x => $"{x.t.Name} needs {x.ParameterType.Name}, which the Functions host does not register");
        Assert.Empty(missing);
    }

    // The Functions host's rule for function names.
    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_-]{0,127}$")]
    private static partial Regex ValidName();
}
