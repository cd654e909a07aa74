using System.Text;
using Fowergram.Platform.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Fowergram.Tests.Platform.Http;

/// <summary>A merge patch reads member names as every other JSON body does: without regard to case.</summary>
public sealed class MergePatchTests
{
    [Theory]
    [InlineData("""{"title":"Trips"}""")]
    [InlineData("""{"Title":"Trips"}""")]
    [InlineData("""{"TITLE":"Trips"}""")]
    public async Task A_member_is_found_whatever_the_case_of_its_name(string body)
    {
        var (patch, error) = await ReadAsync(body);
        Assert.Null(error);
        Assert.True(patch!.Has("title"));
        Assert.True(patch.String("title", out var title));
        Assert.Equal("Trips", title);
    }

    [Theory]
    [InlineData("""{"title":"a","Title":"b"}""")]
    [InlineData("""{"items":[{"altText":"a","AltText":"b"}]}""")]
    [InlineData("""{"location":{"name":"a","NAME":"b"}}""")]
    public async Task Names_equal_but_for_case_are_a_400_not_a_500(string body)
    {
        var (patch, error) = await ReadAsync(body);
        Assert.Null(patch);
        var context = NewContext(body);
        context.Response.Body = new MemoryStream();
        await error!.ExecuteAsync(context);
        Assert.Equal(400, context.Response.StatusCode);
    }

    private static Task<(MergePatch? Patch, IResult? Error)> ReadAsync(string body) =>
        MergePatch.ReadAsync(NewContext(body).Request, new Validation(), default);

    private static DefaultHttpContext NewContext(string body)
    {
        var context = new DefaultHttpContext { RequestServices = new ServiceCollection().AddLogging().AddProblemDetails().BuildServiceProvider() };
        context.Request.ContentType = "application/json";
        context.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(body));
        return context;
    }
}
