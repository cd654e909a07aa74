using System.Diagnostics;

namespace Fowergram.Bench;

/// <summary>
/// One line per step: "[3/12] follows ... 14.2 s". On a terminal the running step's clock ticks in
/// place; when the output is redirected a line is written every 15 seconds instead.
/// </summary>
public sealed class ProgressDisplay(int steps)
{
    private readonly Stopwatch _total = Stopwatch.StartNew();
    private int _current;

    public TimeSpan Elapsed => _total.Elapsed;

    public async Task<T> StepAsync<T>(string label, Func<Task<T>> work, Func<T, string>? describe = null)
    {
        var number = Interlocked.Increment(ref _current);
        var prefix = $"[{number}/{steps}] {label}";
        var clock = Stopwatch.StartNew();
        using var stop = new CancellationTokenSource();
        var ticker = TickAsync(prefix, clock, stop.Token);
        try
        {
            var result = await work();
            stop.Cancel();
            await ticker;
            var detail = describe?.Invoke(result);
            Write($"{prefix} ... {Seconds(clock.Elapsed)}{(detail is null ? "" : " — " + detail)}", final: true);
            return result;
        }
        catch
        {
            stop.Cancel();
            await ticker;
            Write($"{prefix} ... failed after {Seconds(clock.Elapsed)}", final: true);
            throw;
        }
    }

    public Task StepAsync(string label, Func<Task> work) => StepAsync<bool>(label, async () => { await work(); return true; });

    private static async Task TickAsync(string prefix, Stopwatch clock, CancellationToken stop)
    {
        var interactive = !Console.IsOutputRedirected;
        var period = interactive ? TimeSpan.FromSeconds(1) : TimeSpan.FromSeconds(15);
        try
        {
            while (true)
            {
                if (interactive) Write($"{prefix} ... {Seconds(clock.Elapsed)}", final: false);
                await Task.Delay(period, stop);
                if (!interactive) Write($"{prefix} ... still running, {Seconds(clock.Elapsed)}", final: true);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static readonly Lock Gate = new();

    private static void Write(string line, bool final)
    {
        lock (Gate)
        {
            if (Console.IsOutputRedirected) Console.WriteLine(line);
            else Console.Write("\r\u001b[2K" + line + (final ? Environment.NewLine : ""));
        }
    }

    public static string Seconds(TimeSpan t) => $"{t.TotalSeconds:0.0} s";
}
