using Fowergram.Features.Messages;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Fowergram.Functions.Http;

/// <summary>The read receipts routes of <see cref="MessagesModule.MapMessages"/>.</summary>
public sealed class ReadReceiptsFunctions(ReadReceiptsApi readReceipts)
{
    [Function("GetReadReceipts")]
    public Task<IResult> Get([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/users/me/read-receipts")] HttpRequest request,
        CancellationToken ct) => readReceipts.Get(request, ct);

    [Function("SetReadReceipts")]
    public Task<IResult> Put([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "v1/users/me/read-receipts")] HttpRequest request,
        CancellationToken ct) => readReceipts.Put(request, ct);
}
