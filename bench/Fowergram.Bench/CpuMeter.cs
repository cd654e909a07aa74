using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Fowergram.Bench;

/// <summary>Average cores busy during a load run (warm-up included), per process: the server's, and the load generator's.</summary>
public sealed record CpuFigure(double ServerCores, double GeneratorCores, string Note);

/// <summary>
/// CPU time of this process, of another live process (the child Server), and of this process's finished children
/// (wrk, through getrusage(RUSAGE_CHILDREN)), so the figures show what the load generator itself costs.
/// </summary>
public static partial class CpuMeter
{
    [StructLayout(LayoutKind.Sequential)]
    private struct RUsage
    {
        public long UserSeconds, UserMicroseconds, SystemSeconds, SystemMicroseconds;
        public long MaxRss, IxRss, IdRss, IsRss, MinFlt, MajFlt, NSwap, InBlock, OuBlock, MsgSnd, MsgRcv, NSignals, NvCsw, NivCsw;
    }

    [DllImport("libc", EntryPoint = "getrusage")]
#pragma warning disable SYSLIB1054 // a plain blittable call; LibraryImport would need unsafe code for nothing
    private static extern int GetRUsage(int who, out RUsage usage);
#pragma warning restore SYSLIB1054

    /// <summary>CPU time of the finished, reaped children of this process (Linux), or zero elsewhere.</summary>
    public static TimeSpan Children()
    {
        if (!OperatingSystem.IsLinux() || GetRUsage(-1, out var u) != 0) return TimeSpan.Zero;
        return TimeSpan.FromTicks((u.UserSeconds + u.SystemSeconds) * TimeSpan.TicksPerSecond +
                                  (u.UserMicroseconds + u.SystemMicroseconds) * TimeSpan.TicksPerMicrosecond);
    }

    public static TimeSpan Self() => Process.GetCurrentProcess().TotalProcessorTime;

    /// <summary>
    /// CPU time of the live PostgreSQL processes on this machine (Linux /proc; zero elsewhere or for a remote
    /// server). The pool's sessions live through a run, so their time is all counted; a process that exits
    /// mid-run takes its share with it.
    /// </summary>
    public static TimeSpan Postgres()
    {
        if (!OperatingSystem.IsLinux()) return TimeSpan.Zero;
        long ticks = 0;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var open = stat.IndexOf('(');
                var close = stat.LastIndexOf(')');
                if (open < 0 || close < open || !stat.AsSpan(open + 1, close - open - 1).StartsWith("postgres")) continue;
                var fields = stat[(close + 2)..].Split(' '); // fields from the 3rd (state); utime and stime are the 14th and 15th
                ticks += long.Parse(fields[11]) + long.Parse(fields[12]);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException) { } // gone meanwhile
        }
        return TimeSpan.FromSeconds(ticks / 100.0); // USER_HZ is 100 on Linux
    }

    /// <summary>
    /// The machine's CPU time stolen by the hypervisor for other guests, and all CPU time, in ticks since boot
    /// (the first line of /proc/stat; zeros elsewhere). On a shared virtual machine stolen time is time a
    /// runnable thread waited for a core it had been given: it lengthens latency without showing in any
    /// process's CPU time.
    /// </summary>
    public static (long Steal, long Total) MachineTicks()
    {
        if (!OperatingSystem.IsLinux() || !File.Exists("/proc/stat")) return (0, 0);
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(f => long.Parse(f, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        // user nice system idle iowait irq softirq steal [guest guest_nice, already counted in user and nice]
        return (fields.Length > 7 ? fields[7] : 0, fields.Take(8).Sum());
    }

    /// <summary>Runs <paramref name="work"/> and returns its result with the cores used by the process timed by <paramref name="server"/>, by finished children and by PostgreSQL, and the share of the machine's CPU time stolen meanwhile.</summary>
    public static async Task<(T Result, double ServerCores, double ChildrenCores, double PostgresCores, double? StealShare)> MeasureAsync<T>(Func<TimeSpan> server, Func<Task<T>> work)
    {
        var (server0, children0, postgres0, machine0, wall) = (server(), Children(), Postgres(), MachineTicks(), Stopwatch.StartNew());
        var result = await work();
        var seconds = wall.Elapsed.TotalSeconds;
        var machine1 = MachineTicks();
        var total = machine1.Total - machine0.Total;
        return (result, (server() - server0).TotalSeconds / seconds, (Children() - children0).TotalSeconds / seconds,
            (Postgres() - postgres0).TotalSeconds / seconds, total > 0 ? (machine1.Steal - machine0.Steal) / (double)total : null);
    }
}
