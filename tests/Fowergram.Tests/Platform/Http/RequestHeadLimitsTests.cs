using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Fowergram.Platform.Http;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Platform.Http;

/// <summary>
/// A request head over the application's limits (docs/reliability.md "Request heads"), sent as raw bytes over a socket to the
/// Server host's real Kestrel: between those limits and Kestrel's hard caps a notch above, the answer is the application's
/// 414/431 problem+json; past the caps it is Kestrel's own bare one, before any middleware. Before 2026-12-07 Kestrel's
/// defaults were the only limits, so every such request met the bare answer, an empty body a client cannot read.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class RequestHeadLimitsTests(FowergramApp app)
{
    private const string Path = "/api/v1/posts/00000000-0000-4000-8000-000000000000";

    [Fact]
    public async Task A_target_over_the_limit_is_a_414_problem()
    {
        var answer = await SendAsync($"{Path}?q={new string('a', RequestHeadLimits.MaxTargetBytes)}");
        AssertProblem(answer, 414);
    }

    [Fact]
    public async Task A_target_within_the_limit_reaches_the_route()
    {
        var query = $"?q={new string('a', RequestHeadLimits.MaxTargetBytes - Path.Length - 3)}";
        var answer = await SendAsync(Path + query);
        Assert.Equal(RequestHeadLimits.MaxTargetBytes, (Path + query).Length);
        Assert.NotEqual(414, answer.Status);
        Assert.InRange(answer.Status, 400, 499); // the route's own answer (no token: 401), as problem+json
        Assert.Contains("application/problem+json", answer.ContentType);
    }

    [Fact]
    public async Task Header_fields_over_the_size_limit_are_a_431_problem()
    {
        var headers = Enumerable.Range(0, 5).Select(i => $"X-Filler-{i}: {new string('h', 8 * 1024)}").ToArray(); // 40 KiB
        AssertProblem(await SendAsync(Path, headers), 431);
    }

    [Fact]
    public async Task Header_fields_over_the_count_limit_are_a_431_problem()
    {
        var headers = Enumerable.Range(0, RequestHeadLimits.MaxHeaderCount + 20).Select(i => $"X-Filler: {i}").ToArray(); // one name, many lines
        AssertProblem(await SendAsync(Path, headers), 431);
    }

    [Fact]
    public async Task Past_the_hard_caps_Kestrel_answers_bare_before_any_middleware()
    {
        var longTarget = await SendAsync($"{Path}?q={new string('a', RequestHeadLimits.HardRequestLineBytes)}");
        var hugeHeaders = await SendAsync(Path, Enumerable.Range(0, 9).Select(i => $"X-Filler-{i}: {new string('h', 8 * 1024)}").ToArray());

        Assert.Equal((414, 431), (longTarget.Status, hugeHeaders.Status));
        Assert.Equal(("", ""), (longTarget.Body, hugeHeaders.Body)); // the honest edge: no problem document there
    }

    private static void AssertProblem(Answer answer, int status)
    {
        Assert.Equal(status, answer.Status);
        Assert.Contains("application/problem+json", answer.ContentType);
        Assert.Equal(status, JsonDocument.Parse(answer.Body).RootElement.GetProperty("status").GetInt32());
    }

    private sealed record Answer(int Status, string ContentType, string Body);

    /// <summary>One HTTP/1.1 request written as bytes (HttpClient would refuse or reshape some heads), the connection closed after.</summary>
    private async Task<Answer> SendAsync(string target, params string[] headers)
    {
        var address = app.Client.BaseAddress!;
        using var client = new TcpClient();
        await client.ConnectAsync(address.Host, address.Port);
        await using var stream = client.GetStream();
        var head = new StringBuilder($"GET {target} HTTP/1.1\r\nHost: {address.Authority}\r\n");
        foreach (var header in headers) head.Append(header).Append("\r\n");
        head.Append("Connection: close\r\n\r\n");
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head.ToString()));
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var text = await reader.ReadToEndAsync();
        var split = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var lines = text[..split].Split("\r\n");
        var contentType = lines.Skip(1).Where(l => l.StartsWith("Content-Type:", StringComparison.OrdinalIgnoreCase))
            .Select(l => l["Content-Type:".Length..].Trim()).FirstOrDefault() ?? "";
        var body = text[(split + 4)..];
        if (lines.Any(l => l.Equals("Transfer-Encoding: chunked", StringComparison.OrdinalIgnoreCase))) body = Unchunk(body);
        return new Answer(int.Parse(lines[0].Split(' ')[1]), contentType, body);
    }

    private static string Unchunk(string chunked)
    {
        var body = new StringBuilder();
        var at = 0;
        while (true)
        {
            var end = chunked.IndexOf("\r\n", at, StringComparison.Ordinal);
            var size = Convert.ToInt32(chunked[at..end].Split(';')[0], 16);
            if (size == 0) return body.ToString();
            body.Append(chunked, end + 2, size);
            at = end + 2 + size + 2;
        }
    }
}
