using System.Text.Json;
using Fowergram.Functions.Http;
using Fowergram.Functions.Tests.Infrastructure;
using Fowergram.Platform.Http.Idempotency;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Primitives;
using Xunit;

namespace Fowergram.Functions.Tests;

/// <summary>
/// The worker reads <c>Idempotency-Key</c> as the Server host does (docs/api.md "Idempotency keys"): the function hands the
/// worker's HttpRequest to the same handler. The Functions runtime forwards a header sent twice as one line joined with ", "
/// (its YARP forwarder copies the values into HttpClient, which joins them), so that form must be refused as two keys here
/// too; both forms are answered 400 naming the header before any token or database is read (this container connects nowhere).
/// </summary>
public sealed class IdempotencyKeyHeaderTests
{
    [Theory]
    [InlineData("key-a, key-b")]
    [InlineData("key-a", "key-b")]
    public async Task A_header_carrying_two_keys_is_a_400_naming_it_in_the_worker(params string[] values)
    {
        await using var services = FunctionsHost.Build();
        var functions = ActivatorUtilities.CreateInstance<ModerationFunctions>(services);
        var context = new DefaultHttpContext { RequestServices = services };
        context.Request.Method = "POST";
        context.Request.Path = "/api/v1/reports";
        context.Request.Headers[IdempotencyKey.Header] = new StringValues(values);
        context.Response.Body = new MemoryStream();

        await (await functions.Create(context.Request, CancellationToken.None)).ExecuteAsync(context);

        Assert.Equal(400, context.Response.StatusCode);
        context.Response.Body.Position = 0;
        var problem = (await JsonDocument.ParseAsync(context.Response.Body)).RootElement;
        Assert.True(problem.GetProperty("errors").TryGetProperty(IdempotencyKey.Header, out _), problem.ToString());
    }
}
