using Fowergram.Features.Accounts;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Fowergram.Functions.Http;

/// <summary>The caller's write allowances of <see cref="AccountsModule.MapAccounts"/> (docs/reliability.md "Write allowances").</summary>
public sealed class WriteAllowancesFunctions(WriteAllowancesApi allowances)
{
    [Function("GetMyWriteAllowances")]
    public Task<IResult> Get([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/users/me/write-allowances")] HttpRequest request,
        CancellationToken ct) => allowances.Get(request, ct);
}
