using Fowergram.Features.Accounts;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Fowergram.Platform.Http;

namespace Fowergram.Functions.Http;

/// <summary>The /auth routes of <see cref="AccountsModule.MapAccounts"/>, one call each into the same handlers.</summary>
public sealed class AuthFunctions(AuthApi auth, SessionApi sessions, VerificationApi verification, PasswordApi passwords)
{
    [Function("AuthRegister")]
    public Task<IResult> Register([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/auth/register")] HttpRequest request,
        CancellationToken ct) => auth.Register(request, ct);

    [Function("AuthLogin")]
    public Task<IResult> Login([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/auth/login")] HttpRequest request,
        CancellationToken ct) => auth.Login(request, ct);

    [Function("AuthRefresh")]
    public Task<IResult> Refresh([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/auth/refresh")] HttpRequest request,
        CancellationToken ct) => sessions.Refresh(request, ct);

    [Function("AuthLogout")]
    public Task<IResult> Logout([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/auth/logout")] HttpRequest request,
        CancellationToken ct) => sessions.Logout(request, ct);

    [Function("AuthRequestEmailVerification")]
    public Task<IResult> RequestEmailVerification(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/auth/email/verification")] HttpRequest request,
        CancellationToken ct) => verification.RequestVerification(request, ct);

    [Function("AuthVerifyEmail")]
    public Task<IResult> VerifyEmail([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/auth/email/verify")] HttpRequest request,
        CancellationToken ct) => verification.Verify(request, ct);

    [Function("AuthForgotPassword")]
    public Task<IResult> ForgotPassword([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/auth/password/forgot")] HttpRequest request,
        CancellationToken ct) => passwords.Forgot(request, ct);

    [Function("AuthResetPassword")]
    public Task<IResult> ResetPassword([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/auth/password/reset")] HttpRequest request,
        CancellationToken ct) => passwords.Reset(request, ct);
}

/// <summary>The /users routes of <see cref="AccountsModule.MapAccounts"/>. "me" outranks {username}: literal segments win in routing.</summary>
public sealed class UsersFunctions(UsersApi users, AccountDeletionApi deletion, AboutApi about)
{
    [Function("UsersGetMe")]
    public Task<IResult> GetMe([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/users/me")] HttpRequest request,
        CancellationToken ct) => users.GetMe(request, ct);

    [Function("UsersPatchMe")]
    public Task<IResult> PatchMe([HttpTrigger(AuthorizationLevel.Anonymous, "patch", Route = "v1/users/me")] HttpRequest request,
        CancellationToken ct) => users.PatchMe(request, ct);

    [Function("UsersDeleteMe")]
    public Task<IResult> DeleteMe([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "v1/users/me")] HttpRequest request,
        CancellationToken ct) => deletion.Delete(request, ct);

    [Function("UsersGetProfile")]
    public Task<IResult> GetProfile([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/users/" + RouteParameters.Username)] HttpRequest request,
        string username, CancellationToken ct) => users.GetProfile(request, username, ct);

    [Function("UsersGetAbout")]
    public Task<IResult> GetAbout([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/users/{username}/about")] HttpRequest request,
        string username, CancellationToken ct) => about.Get(request, username, ct);
}

/// <summary>The profile photo routes of <see cref="AccountsModule.MapAccounts"/>.</summary>
public sealed class AvatarFunctions(AvatarApi avatars)
{
    [Function("UsersSetAvatar")]
    public Task<IResult> SetAvatar([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "v1/users/me/avatar")] HttpRequest request,
        CancellationToken ct) => avatars.Set(request, ct);

    [Function("UsersRemoveAvatar")]
    public Task<IResult> RemoveAvatar([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "v1/users/me/avatar")] HttpRequest request,
        CancellationToken ct) => avatars.Remove(request, ct);

    [Function("AvatarsGet")]
    public Task<IResult> GetAvatar([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/avatars/{id}")] HttpRequest request,
        string id, CancellationToken ct) => avatars.Get(request, id, ct);
}
