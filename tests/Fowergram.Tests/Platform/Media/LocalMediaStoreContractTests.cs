using System.Net;
using Fowergram.Platform.Media;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Fowergram.Tests.Platform.Media;

/// <summary>The Server host's local store, through its own host (these tests move the clock).</summary>
public sealed class LocalMediaStoreContractTests(OwnClockApp host) : MediaStoreContract, IClassFixture<OwnClockApp>
{
    private readonly FowergramApp _app = host.App;

    protected override IMediaStore Store => _app.Services.GetRequiredService<IMediaStore>();
    protected override HttpClient Http => _app.Client;
    protected override DateTimeOffset Now => _app.Clock.GetUtcNow();
    protected override void Advance(TimeSpan by) => _app.Clock.Advance(by);

    [Fact]
    public void The_server_host_stores_media_locally() =>
        Assert.Equal("LocalMediaStore", Store.GetType().Name);

    /// <summary>
    /// A player seeking past the end: the answer is a 416 problem naming the object's length (Content-Range: bytes */length),
    /// not an empty body labelled as the media. A satisfiable range is served as before.
    /// </summary>
    [Theory]
    [InlineData("bytes=100-")]
    [InlineData("bytes=5000-6000")]
    [InlineData("bytes=-0")]
    public async Task A_range_past_the_end_is_a_416_problem_with_the_objects_length(string range)
    {
        var name = NewName();
        await PutAsync(await UploadTargetAsync(name, 100), MediaSamples.Head("image/jpeg", 100));
        var url = await ReadUrlAsync(name, "image/jpeg");

        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.TryAddWithoutValidation("Range", range);
        var response = await Http.SendAsync(request);

        await response.AssertProblemAsync(HttpStatusCode.RequestedRangeNotSatisfiable);
        Assert.Equal("bytes */100", response.Content.Headers.ContentRange?.ToString());
        var within = new HttpRequestMessage(HttpMethod.Get, url);
        within.Headers.TryAddWithoutValidation("Range", "bytes=95-");
        var served = await Http.SendAsync(within);
        Assert.Equal(HttpStatusCode.PartialContent, served.StatusCode);
        Assert.Equal(5, (await served.Content.ReadAsByteArrayAsync()).Length);
    }
    [Fact]
    public async Task A_read_url_answers_HEAD_with_the_objects_type_and_length_as_Blob_Storage_does()
    {
        // It was a 405: a client checking an object's size before downloading it, as it may on Azure, could not here.
        var name = NewName();
        await PutAsync(await UploadTargetAsync(name, 100), MediaSamples.Head("image/jpeg", 100));
        var url = await ReadUrlAsync(name, "image/jpeg");

        var response = await Http.SendAsync(new HttpRequestMessage(HttpMethod.Head, url));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(("image/jpeg", 100L), (response.Content.Headers.ContentType?.MediaType, response.Content.Headers.ContentLength));
        Assert.NotNull(response.Content.Headers.LastModified); // a validator for If-Range, as Blob Storage gives
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
        var forged = new HttpRequestMessage(HttpMethod.Head, url.ToString().Replace("sig=", "sig=x"));
        Assert.Equal(HttpStatusCode.Forbidden, (await Http.SendAsync(forged)).StatusCode);
    }
    /// <summary>
    /// media-cleanup deleting an object while a client reads it: the read is served whole (the file was opened) or is a 404,
    /// never a 500. It was a 500 when the file went between the existence check and the file result's own opening of it.
    /// A race, so it is run many times; the fixed code opens the file once, so no interleaving can fail it.
    /// </summary>
    [Fact]
    public async Task An_object_deleted_while_it_is_read_is_served_whole_or_is_a_404_never_a_500()
    {
        const int size = 64 * 1024;
        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < 150; i++)
        {
            var name = NewName();
            await PutAsync(await UploadTargetAsync(name, size), MediaSamples.Head("image/jpeg", size));
            var url = await ReadUrlAsync(name, "image/jpeg");

            var read = Task.Run(() => Http.GetAsync(url));
            var delete = Task.Run(() => Store.DeleteAsync(name, CancellationToken.None));
            await delete;
            var response = await read;

            answers.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.OK) Assert.Equal(size, (await response.Content.ReadAsByteArrayAsync()).Length);
            else await response.AssertProblemAsync(HttpStatusCode.NotFound);
        }
        Assert.All(answers, a => Assert.Contains(a, new[] { HttpStatusCode.OK, HttpStatusCode.NotFound }));
    }
}
