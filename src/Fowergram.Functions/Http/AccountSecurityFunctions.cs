using Fowergram.Features.Accounts;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Fowergram.Functions.Http;

/// <summary>The password, sessions and two-factor routes of <see cref="AccountsModule.MapAccounts"/> under /users/me.</summary>
public sealed class AccountSecurityFunctions(SessionApi sessions, PasswordApi passwords, TwoFactorApi twoFactor)
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

    [Function("GetMyTwoFactor")]
    public Task<IResult> TwoFactorState([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/users/me/two-factor")] HttpRequest request,
        CancellationToken ct) => twoFactor.Get(request, ct);

    [Function("StartMyTwoFactor")]
    public Task<IResult> StartTwoFactor([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/users/me/two-factor")] HttpRequest request,
        CancellationToken ct) => twoFactor.Start(request, ct);

    [Function("ConfirmMyTwoFactor")]
    public Task<IResult> ConfirmTwoFactor([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/users/me/two-factor/confirm")] HttpRequest request,
        CancellationToken ct) => twoFactor.Confirm(request, ct);

    [Function("StopMyTwoFactor")]
    public Task<IResult> StopTwoFactor([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "v1/users/me/two-factor")] HttpRequest request,
        CancellationToken ct) => twoFactor.Stop(request, ct);

    [Function("RenewMyRecoveryCodes")]
    public Task<IResult> RenewRecoveryCodes([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/users/me/two-factor/recovery-codes")]
        HttpRequest request, CancellationToken ct) => twoFactor.RenewRecoveryCodes(request, ct);
}

/// <summary>The trusted-device routes of <see cref="AccountsModule.MapAccounts"/>: devices that skip the two-factor code.</summary>
public sealed class TrustedDeviceFunctions(TrustedDevicesApi devices)
{
    [Function("ListMyTrustedDevices")]
    public Task<IResult> List([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/users/me/trusted-devices")] HttpRequest request,
        CancellationToken ct) => devices.List(request, ct);

    [Function("ForgetMyTrustedDevices")]
    public Task<IResult> ForgetAll([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "v1/users/me/trusted-devices")] HttpRequest request,
        CancellationToken ct) => devices.ForgetAll(request, ct);

    [Function("ForgetMyTrustedDevice")]
    public Task<IResult> Forget([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "v1/users/me/trusted-devices/{id}")] HttpRequest request,
        string id, CancellationToken ct) => devices.Forget(request, id, ct);
}

/// <summary>The e-mail address routes of <see cref="AccountsModule.MapAccounts"/>: the change under /users/me, its undoing from the old address.</summary>
public sealed class EmailChangeFunctions(EmailChangeApi emails, EmailRevertApi reverts)
{
    [Function("RevertEmailChange")]
    public Task<IResult> Revert([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/auth/email/revert")] HttpRequest request,
        CancellationToken ct) => reverts.Revert(request, ct);

    [Function("GetMyEmail")]
    public Task<IResult> Get([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/users/me/email")] HttpRequest request,
        CancellationToken ct) => emails.Get(request, ct);

    [Function("ChangeMyEmail")]
    public Task<IResult> Change([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "v1/users/me/email")] HttpRequest request,
        CancellationToken ct) => emails.Change(request, ct);
}

/// <summary>The undoing of someone else's two-factor sign-in from the link mailed when it was turned on (<see cref="AccountsModule.MapAccounts"/>).</summary>
public sealed class TwoFactorRevertFunctions(TwoFactorRevertApi reverts)
{
    [Function("RevertTwoFactor")]
    public Task<IResult> Revert([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/auth/two-factor/revert")] HttpRequest request,
        CancellationToken ct) => reverts.Revert(request, ct);
}

/// <summary>The passkey routes of <see cref="AccountsModule.MapAccounts"/>: the caller's passkeys, and signing in with one.</summary>
public sealed class PasskeyFunctions(PasskeysApi passkeys, PasskeyLoginApi login)
{
    [Function("ListMyPasskeys")]
    public Task<IResult> List([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/users/me/passkeys")] HttpRequest request,
        CancellationToken ct) => passkeys.List(request, ct);

    [Function("StartMyPasskeyRegistration")]
    public Task<IResult> Options([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/users/me/passkeys/options")] HttpRequest request,
        CancellationToken ct) => passkeys.Options(request, ct);

    [Function("RegisterMyPasskey")]
    public Task<IResult> Register([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/users/me/passkeys")] HttpRequest request,
        CancellationToken ct) => passkeys.Register(request, ct);

    [Function("RenameMyPasskey")]
    public Task<IResult> Rename([HttpTrigger(AuthorizationLevel.Anonymous, "patch", Route = "v1/users/me/passkeys/{id}")] HttpRequest request,
        string id, CancellationToken ct) => passkeys.Rename(request, id, ct);

    [Function("DeleteMyPasskey")]
    public Task<IResult> Delete([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "v1/users/me/passkeys/{id}")] HttpRequest request,
        string id, CancellationToken ct) => passkeys.Delete(request, id, ct);

    [Function("AuthPasskeyOptions")]
    public Task<IResult> SignInOptions([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/auth/passkeys/options")] HttpRequest request,
        CancellationToken ct) => login.Options(request, ct);

    [Function("AuthPasskeyLogin")]
    public Task<IResult> SignIn([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/auth/passkeys/login")] HttpRequest request,
        CancellationToken ct) => login.Login(request, ct);
}
