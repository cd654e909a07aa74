// Facade of Azure/azure-functions-dotnet-worker
//   extensions/Worker.Extensions.Http.AspNetCore/src/FunctionContext/FunctionContextExtensions.cs
// (package Microsoft.Azure.Functions.Worker.Extensions.Http.AspNetCore 2.1.1). Null for non-HTTP invocations.
using Microsoft.AspNetCore.Http;

namespace Microsoft.Azure.Functions.Worker;

public static class FunctionContextExtensions
{
    public static HttpContext? GetHttpContext(this FunctionContext context) =>
        throw new NotSupportedException(Fowergram.Functions.Tests.Facade.FacadeInfo.Message);
}
