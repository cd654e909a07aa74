using System.Diagnostics;
using System.Net;
using Fowergram.Features.Accounts;
using Fowergram.Platform.Telemetry;
using Fowergram.Server;
using Fowergram.Server.Events;
using Fowergram.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Fowergram.Tests.Platform.Telemetry;

/// <summary>OpenTelemetry through the real Server host (docs/observability.md): spans of requests and the database, and the domain metrics.</summary>
[Collection(TelemetryCollection.Name)]
public sealed class TelemetryTests(TelemetryHost host)
{
    private FowergramApp App => host.App;

    [Fact]
    public async Task A_request_is_a_server_span_named_by_its_route_template_with_npgsql_spans_under_it()
    {
        var account = await App.Client.RegisterAsync();
        (await App.Client.GetAsync($"/api/v1/users/{account.Username}/about", account.AccessToken)).EnsureSuccessStatusCode();

        var server = await TelemetryHost.EventuallyAsync(() => host.Spans.FirstOrDefault(s =>
            s.Kind == ActivityKind.Server && (s.GetTagItem("url.path") as string) == $"/api/v1/users/{account.Username}/about"), "the request's server span");
        Assert.Equal("/api/v1/users/{username}/about", server.GetTagItem("http.route"));
        Assert.Equal("GET /api/v1/users/{username}/about", server.DisplayName);
        Assert.DoesNotContain(account.Username, server.DisplayName);
        Assert.Equal(200, server.GetTagItem("http.response.status_code"));

        var spans = host.Spans;
        var database = spans.Where(s => s.Source.Name == TelemetryModule.NpgsqlName && s.TraceId == server.TraceId).ToList();
        Assert.NotEmpty(database);
        Assert.All(database, s => Assert.True(DescendsFrom(s, server, spans), $"{s.DisplayName} is not under the request's span."));
    }

    [Fact]
    public async Task A_scheduled_job_run_records_its_duration_and_outcome_under_the_jobs_name()
    {
        // The host ran both probe jobs at start, as it runs every job.
        (string, string) probe = (FowergramTelemetry.JobTag, TelemetryHost.ProbeJobName);
        (string, string) failing = (FowergramTelemetry.JobTag, TelemetryHost.FailingJobName);
        (string, string) success = (FowergramTelemetry.OutcomeTag, JobMetrics.Success);
        await TelemetryHost.EventuallyAsync(() => host.Points("fowergram.job.duration").Any(p => TelemetryHost.Has(p, probe, success)
            && TelemetryHost.Has(p, failing) == false), "the probe job's duration");
        await TelemetryHost.EventuallyAsync(() => host.Points("fowergram.job.duration").Any(p =>
            TelemetryHost.Has(p, failing, (FowergramTelemetry.OutcomeTag, JobMetrics.Failure))), "the failing probe job's duration with outcome failure");

        var points = host.Points("fowergram.job.duration");
        var succeeded = points.Single(p => TelemetryHost.Has(p, probe, success));
        Assert.True(succeeded.GetHistogramCount() >= 1);
        Assert.True(succeeded.GetHistogramSum() >= 0.01, "The probe waits 10 ms; its recorded duration is shorter.");
        Assert.DoesNotContain(points, p => TelemetryHost.Has(p, failing, success));

        var failedSpan = host.Spans.First(s => s.DisplayName == $"job {TelemetryHost.FailingJobName}");
        Assert.Equal(ActivityStatusCode.Error, failedSpan.Status);
        Assert.Equal(TelemetryHost.FailingJobName, failedSpan.GetTagItem(FowergramTelemetry.JobTag));
    }

    [Fact]
    public async Task An_event_delivery_records_the_consumer_and_outcome()
    {
        (string, string) consumer = (FowergramTelemetry.ConsumerTag, EmailDeliveryConsumer.ConsumerName);
        (string, string) delivered = (FowergramTelemetry.OutcomeTag, EventMetrics.Delivered);
        await App.Services.GetRequiredService<EventPipeline>().DrainAsync();
        var before = host.Sum("fowergram.event.deliveries", consumer, delivered);

        var account = await App.Client.RegisterAsync(); // asks for a verification mail: an event for email-delivery
        await TestMailbox.DeliverAsync(App, account);

        Assert.True(host.Sum("fowergram.event.deliveries", consumer, delivered) > before);
        var span = host.Spans.Last(s => s.DisplayName == $"process {EmailDeliveryConsumer.ConsumerName}");
        Assert.Equal(ActivityKind.Consumer, span.Kind);
        Assert.Contains(host.Spans, s => s.Source.Name == TelemetryModule.NpgsqlName && s.TraceId == span.TraceId);
    }

    [Fact]
    public async Task Failed_and_throttled_logins_are_counted_by_reason_and_limit()
    {
        var account = await App.Client.RegisterAsync();
        var unknown = host.Sum("fowergram.login.failures", (FowergramTelemetry.ReasonTag, LoginMetrics.UnknownAccount));
        var wrong = host.Sum("fowergram.login.failures", (FowergramTelemetry.ReasonTag, LoginMetrics.WrongPassword));
        var throttled = host.Sum("fowergram.login.throttled", (FowergramTelemetry.LimitTag, LoginMetrics.AccountLimit));

        Assert.Equal(HttpStatusCode.Unauthorized, (await Login(TestAccounts.NewUsername(), "whatever-it-is-1")).StatusCode);
        for (var i = 0; i < 2; i++) // Auth:LoginMaxFailures is 2 in this host
            Assert.Equal(HttpStatusCode.Unauthorized, (await Login(account.Username, "Not-the-password-1")).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await Login(account.Username, account.Password)).StatusCode);

        Assert.Equal(unknown + 1, host.Sum("fowergram.login.failures", (FowergramTelemetry.ReasonTag, LoginMetrics.UnknownAccount)));
        Assert.Equal(wrong + 2, host.Sum("fowergram.login.failures", (FowergramTelemetry.ReasonTag, LoginMetrics.WrongPassword)));
        Assert.Equal(throttled + 1, host.Sum("fowergram.login.throttled", (FowergramTelemetry.LimitTag, LoginMetrics.AccountLimit)));
    }

    [Fact]
    public async Task Without_an_exporter_setting_the_host_registers_no_OpenTelemetry_and_with_one_it_does()
    {
        // The shared test host: no setting names an exporter, so nothing listens and recording costs nothing.
        await using (var plain = new FowergramApp { Configure = b => b.Configuration["Fowergram:BackgroundServices"] = "false" })
        {
            await plain.InitializeAsync();
            TelemetryRegistration.AssertExporters(plain.Services, new TelemetryExporters(AzureMonitor: false, Otlp: false));
        }

        // Built, never started: the exporter would send to an endpoint nobody listens on.
        var dataDirectory = Path.Combine(Path.GetTempPath(), "fowergram-tests", Guid.NewGuid().ToString("N"));
        await using var otlp = FowergramServer.Build(["--environment", "Development"], builder =>
        {
            builder.Configuration["ConnectionStrings:Fowergram"] = TestDatabase.ConnectionString;
            builder.Configuration["Fowergram:DataDirectory"] = dataDirectory;
            builder.Configuration[TelemetryExporters.OtlpSetting] = "http://127.0.0.1:4318";
        });
        TelemetryRegistration.AssertExporters(otlp.Services, new TelemetryExporters(AzureMonitor: false, Otlp: true));
        if (Directory.Exists(dataDirectory)) Directory.Delete(dataDirectory, recursive: true);
    }


    private Task<HttpResponseMessage> Login(string login, string password) =>
        App.Client.PostJsonAsync("/api/v1/auth/login", new { login, password });

    private static bool DescendsFrom(Activity span, Activity ancestor, IReadOnlyList<Activity> all)
    {
        var byId = all.GroupBy(s => s.SpanId).ToDictionary(g => g.Key, g => g.First());
        for (var parent = span.ParentSpanId; parent != default; parent = byId.TryGetValue(parent, out var p) ? p.ParentSpanId : default)
            if (parent == ancestor.SpanId) return true;
        return false;
    }
}
