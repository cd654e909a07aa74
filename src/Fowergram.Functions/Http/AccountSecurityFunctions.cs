using Fowergram.Features.Accounts;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Fowergram.Functions.Http;

/// <summary>The password and sessions routes of <see cref="AccountsModule.MapAccounts"/> under /users/me.</summary>
public sealed class AccountSecurityFunctions(SessionApi sessions, PasswordApi passwords)
{
    [Function("ChangeMyPassword")]
    public Task<IResult> ChangePassword([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "v1/users/me/password")] HttpRequest request,
        CancellationToken ct) => passwords.Change(request, ct);

    [Function("ListMySessions")]
    public Task<IResult> List([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/users/me/sessions")] HttpRequest request,
        CancellationToken ct) => sessions.List(request, ct);

    [Function("EndMyOtherSessions")]
    public Task<IResult> EndOthers([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "v1/users/me/sessions")] HttpRequest request,
        CancellationToken ct) => sessions.EndOthers(request, ct);

    [Function("EndMySession")]
    public Task<IResult> End([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "v1/users/me/sessions/{id}")] HttpRequest request,
        string id, CancellationToken ct) => sessions.End(request, id, ct);
}
