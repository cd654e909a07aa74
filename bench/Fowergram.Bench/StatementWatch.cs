using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Fowergram.Bench;

/// <summary>The slowest SQL statement seen while a route was timed, and how many statements its requests ran.</summary>
public sealed record StatementFigure(int Statements, double SlowestMs, string? SlowestText);

/// <summary>
/// Listens to Npgsql's own ActivitySource ("Npgsql": one activity per command, the statement in its tags) in this process.
/// The sweep's requests run one at a time against the in-process host with background services off, so what is seen
/// between <see cref="Start"/> and <see cref="Stop"/> is the route's own SQL; the duration runs until its rows are read.
/// </summary>
public sealed partial class StatementWatch : IDisposable
{
    private readonly ActivityListener _listener;
    private readonly Lock _lock = new();
    private bool _on;
    private int _count;
    private double _slowestMs;
    private string? _slowestText;

    public StatementWatch()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Npgsql",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = Seen,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public void Start()
    {
        lock (_lock) (_on, _count, _slowestMs, _slowestText) = (true, 0, 0, null);
    }

    public StatementFigure Stop()
    {
        lock (_lock)
        {
            _on = false;
            return new StatementFigure(_count, _slowestMs, _slowestText);
        }
    }

    private void Seen(Activity activity)
    {
        var text = (activity.GetTagItem("db.query.text") ?? activity.GetTagItem("db.statement"))?.ToString();
        if (text is null) return; // the connection's open, not a command
        lock (_lock)
        {
            if (!_on) return;
            _count++;
            if (activity.Duration.TotalMilliseconds <= _slowestMs) return;
            _slowestMs = activity.Duration.TotalMilliseconds;
            _slowestText = Spaces().Replace(text, " ").Trim();
        }
    }

    public void Dispose() => _listener.Dispose();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
