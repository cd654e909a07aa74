using System.Text;
using System.Text.Json.Nodes;
using Fowergram.Platform.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;

namespace Fowergram.Tests.Platform.Http;

/// <summary>Every way a body can be wrong becomes a 4xx problem, never an exception.</summary>
public sealed class JsonBodyTests
{
    private sealed record Sample(string Name, int Count, JsonObject? Extra, Dictionary<string, string>? Tags);

    [Theory]
    [InlineData("""{"name":"a","count":1}""", 200)]
    [InlineData("""{"name":"a","name":"b","count":1}""", 400)]
    [InlineData("""{"name":"a","Name":"b","count":1}""", 400)]
    [InlineData("""{"name":"a","count":1,"extra":{"k":1,"k":2}}""", 400)]
    [InlineData("""{"name":"a","count":1,"tags":{"k":"1","k":"2"}}""", 400)]
    [InlineData("""{"name":"a","count":"one"}""", 400)]
    [InlineData("""{"name":"a","count":1""", 400)]
    [InlineData("""null""", 400)]
    [InlineData("""[1,2]""", 400)]
    [InlineData("", 400)]
    [InlineData("""{"name":"a","count":99999999999}""", 400)]
    public async Task Body_is_parsed_or_answered_with_a_client_error(string body, int expectedStatus)
    {
        var status = await StatusOfAsync(body, "application/json");
        Assert.Equal(expectedStatus, status);
    }

    [Fact]
    public async Task Non_json_content_type_is_415()
    {
        Assert.Equal(415, await StatusOfAsync("""{"name":"a","count":1}""", "text/plain"));
    }

    /// <summary>
    /// The media type, not a prefix or a substring of the header: "+json" in a parameter of text/plain (which a browser
    /// sends cross-site without asking), a type that merely starts with "application/json", or JSON declared in another
    /// charset than the UTF-8 it is read as (RFC 8259: JSON exchanged between systems is UTF-8) is not a JSON body.
    /// </summary>
    [Theory]
    [InlineData("text/plain; x=+json")]
    [InlineData("text/plain;charset=+json")]
    [InlineData("application/jsonp")]
    [InlineData("application/json-seq")]
    [InlineData("application/json; charset=utf-16")]
    [InlineData("application/json; charset=iso-8859-1")]
    [InlineData("+json")]
    public async Task A_type_that_only_looks_like_json_is_415(string contentType)
    {
        Assert.Equal(415, await StatusOfAsync("""{"name":"a","count":1}""", contentType));
    }

    [Theory]
    [InlineData("application/json")]
    [InlineData("Application/JSON; Charset=\"UTF-8\"")]
    [InlineData("application/json;charset=utf-8")]
    [InlineData("application/merge-patch+json")]
    [InlineData("application/vnd.fowergram+json; charset=utf8")]
    public async Task A_json_type_in_any_spelling_is_read(string contentType)
    {
        Assert.Equal(200, await StatusOfAsync("""{"name":"a","count":1}""", contentType));
    }

    [Fact]
    public async Task Oversize_body_is_413()
    {
        var body = $$"""{"name":"{{new string('a', JsonBody.DefaultLimitBytes)}}","count":1}""";
        Assert.Equal(413, await StatusOfAsync(body, "application/json"));
    }

    private static async Task<int> StatusOfAsync(string body, string contentType)
    {
        var context = new DefaultHttpContext { RequestServices = new ServiceCollection().AddLogging().AddProblemDetails().BuildServiceProvider() };
        context.Request.ContentType = contentType;
        context.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(body));
        var result = await JsonBody.ReadAsync<Sample>(context.Request, default);
        if (result.Error is null) return 200;
        context.Response.Body = new MemoryStream();
        await result.Error.ExecuteAsync(context);
        return context.Response.StatusCode;
    }
}
