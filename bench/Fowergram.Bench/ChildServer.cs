using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Fowergram.Bench;

/// <summary>
/// The built Server host (Fowergram.Server.dll beside this tool, its own runtimeconfig: server GC) as a child
/// <c>dotnet</c> process with the in-process host's configuration (same database, signing keys and feed settings,
/// background services off), on 127.0.0.1 and a free port. Used for the wrk measurements, so the server's process
/// holds nothing of the tool. Stopped (killed, by its own process id) when disposed.
/// </summary>
public sealed class ChildServer : IAsyncDisposable
{
    private readonly Process _process;

    private ChildServer(Process process, Uri address)
    {
        _process = process;
        Address = address;
    }

    public Uri Address { get; }
    public int ProcessId => _process.Id;

    public TimeSpan ProcessorTime()
    {
        _process.Refresh();
        return _process.TotalProcessorTime;
    }

    public static async Task<ChildServer> StartAsync(BenchServer template)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "Fowergram.Server.dll");
        if (!File.Exists(dll)) throw new InvalidOperationException($"{dll} is missing; build the bench tool first.");
        int port;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }
        var address = new Uri($"http://127.0.0.1:{port}");
        var info = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(dll);
        info.ArgumentList.Add("serve");
        var args = template.Arguments.ToArray();
        for (var i = 0; i < args.Length; i++)
            info.ArgumentList.Add(i > 0 && args[i - 1] == "--urls" ? address.ToString().TrimEnd('/') : args[i]);
        // The tool's environment may carry a connection string for another database; the command line names the benchmark's.
        info.Environment.Remove("ConnectionStrings__Fowergram");
        var process = Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine("[server] " + e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var child = new ChildServer(process, address);
        using var client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (process.HasExited) throw new InvalidOperationException($"The child Server exited with {process.ExitCode}.");
            try
            {
                using var response = await client.GetAsync("/api/health");
                if (response.StatusCode != HttpStatusCode.NotFound) return child;
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }
            if (deadline.Elapsed > TimeSpan.FromSeconds(60))
            {
                await child.DisposeAsync();
                throw new InvalidOperationException("The child Server did not answer within 60 s.");
            }
            await Task.Delay(200);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
