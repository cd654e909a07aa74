using Fowergram.Platform.Auth;
using Fowergram.Platform.Events;
using Fowergram.Platform.Http.OpenApi;
using Fowergram.Platform.Jobs;
using Fowergram.Platform.Profiles;
using Fowergram.Platform.WriteLimits;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Fowergram.Platform.Http;

namespace Fowergram.Features.Accounts;

/// <summary>Accounts and authentication: registration, sessions, e-mail verification, password reset, profiles.</summary>
public static class AccountsModule
{
    public static IServiceCollection AddAccounts(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<Sessions>();
        services.AddSingleton<LoginThrottle>();
        services.AddSingleton<Credentials>();
        services.AddSingleton<SecretBox>();
        services.AddSingleton<TwoFactor>();
        services.AddSingleton<TwoFactorApi>();
        services.AddSingleton<TrustedDevices>();
        services.AddSingleton<TrustedDevicesApi>();
        services.AddSingleton<SignIns>();
        services.AddSingleton<PasskeyRelyingParty>();
        services.AddSingleton<PasskeyChallenges>();
        services.AddSingleton<PasskeysApi>();
        services.AddSingleton<PasskeyLoginApi>();
        services.AddSingleton<MailThrottle>();
        services.AddSingleton<AddressLimit>();
        services.AddSingleton<IScheduledJob, AuthHousekeepingJob>();
        services.AddSingleton<IScheduledJob, AccountPurgeJob>();
        services.AddSingleton<AccountDeletionApi>();
        services.AddSingleton<AuthApi>();
        services.AddSingleton<SessionApi>();
        services.AddSingleton<VerificationApi>();
        services.AddSingleton<EmailChangeApi>();
        services.AddSingleton<EmailRevertApi>();
        services.AddSingleton<TwoFactorRevertApi>();
        services.AddSingleton<AccountTakeBack>();
        services.AddSingleton<PasswordApi>();
        services.AddSingleton<UsersApi>();
        services.AddSingleton<AboutApi>();
        services.AddSingleton<AvatarApi>();
        services.AddSingleton<WriteAllowancesApi>();
        services.AddSingleton<IEventConsumer, EmailDeliveryConsumer>();
        return services;
    }

    /// <summary>The Functions host declares the same (method, template) pairs.</summary>
    public static IEndpointRouteBuilder MapAccounts(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/auth/register", (HttpRequest r, AuthApi api, CancellationToken ct) => api.Register(r, ct))
            .Open().Body<RegisterRequest>("email", "password", "username").Returns<RegisteredResponse>(201);
        app.MapPost("/api/v1/auth/login", (HttpRequest r, AuthApi api, CancellationToken ct) => api.Login(r, ct))
            .Open().Body<LoginRequest>("login", "password").Returns<LoginResponse>().ChecksCredentials().CanForbid();
        app.MapPost("/api/v1/auth/passkeys/options", (HttpRequest r, PasskeyLoginApi api, CancellationToken ct) => api.Options(r, ct))
            .Open().Body<PasskeySignInOptionsRequest>().Returns<PasskeySignInChallenge>();
        app.MapPost("/api/v1/auth/passkeys/login", (HttpRequest r, PasskeyLoginApi api, CancellationToken ct) => api.Login(r, ct))
            .Open().Body<PasskeyLoginRequest>("challengeId", "credential").Returns<LoginResponse>().ChecksCredentials().CanForbid();
        app.MapPost("/api/v1/auth/refresh", (HttpRequest r, SessionApi api, CancellationToken ct) => api.Refresh(r, ct))
            .Open().Body<RefreshTokenRequest>("refreshToken").Returns<TokenPair>().ChecksCredentials();
        app.MapPost("/api/v1/auth/logout", (HttpRequest r, SessionApi api, CancellationToken ct) => api.Logout(r, ct))
            .Open().Body<RefreshTokenRequest>("refreshToken").NoContent();
        app.MapPost("/api/v1/auth/email/verification", (HttpRequest r, VerificationApi api, CancellationToken ct) => api.RequestVerification(r, ct))
            .Accepted();
        app.MapPost("/api/v1/auth/email/verify", (HttpRequest r, VerificationApi api, CancellationToken ct) => api.Verify(r, ct))
            .Open().Body<VerifyEmailRequest>("token").NoContent();
        app.MapPost("/api/v1/auth/email/revert", (HttpRequest r, EmailRevertApi api, CancellationToken ct) => api.Revert(r, ct))
            .Open().Body<SecureAccountRequest>("token", "newPassword").NoContent();
        app.MapPost("/api/v1/auth/two-factor/revert", (HttpRequest r, TwoFactorRevertApi api, CancellationToken ct) => api.Revert(r, ct))
            .Open().Body<SecureAccountRequest>("token", "newPassword").NoContent();
        app.MapPost("/api/v1/auth/password/forgot", (HttpRequest r, PasswordApi api, CancellationToken ct) => api.Forgot(r, ct))
            .Open().Body<ForgotPasswordRequest>("email").Accepted();
        app.MapPost("/api/v1/auth/password/reset", (HttpRequest r, PasswordApi api, CancellationToken ct) => api.Reset(r, ct))
            .Open().Body<ResetPasswordRequest>("token", "newPassword").NoContent();
        app.MapPut("/api/v1/users/me/password", (HttpRequest r, PasswordApi api, CancellationToken ct) => api.Change(r, ct))
            .Body<ChangePasswordRequest>("currentPassword", "newPassword").Returns<TokenPair>();
        app.MapGet("/api/v1/users/me/email", (HttpRequest r, EmailChangeApi api, CancellationToken ct) => api.Get(r, ct)).Returns<EmailView>();
        app.MapGet("/api/v1/users/me/write-allowances", (HttpRequest r, WriteAllowancesApi api, CancellationToken ct) => api.Get(r, ct))
            .Returns<WriteAllowancesView>();
        app.MapPut("/api/v1/users/me/email", (HttpRequest r, EmailChangeApi api, CancellationToken ct) => api.Change(r, ct))
            .Body<ChangeEmailRequest>("email", "password").Returns<EmailView>(202);
        app.MapGet("/api/v1/users/me/two-factor", (HttpRequest r, TwoFactorApi api, CancellationToken ct) => api.Get(r, ct)).Returns<TwoFactorState>();
        app.MapPost("/api/v1/users/me/two-factor", (HttpRequest r, TwoFactorApi api, CancellationToken ct) => api.Start(r, ct))
            .Body<TwoFactorStartRequest>("password").Returns<TwoFactorEnrolment>();
        app.MapPost("/api/v1/users/me/two-factor/confirm", (HttpRequest r, TwoFactorApi api, CancellationToken ct) => api.Confirm(r, ct))
            .Body<TwoFactorCodeRequest>("code").Returns<TwoFactorRecoveryCodes>();
        app.MapDelete("/api/v1/users/me/two-factor", (HttpRequest r, TwoFactorApi api, CancellationToken ct) => api.Stop(r, ct))
            .Body<TwoFactorCheckRequest>("password", "code").NoContent();
        app.MapPost("/api/v1/users/me/two-factor/recovery-codes", (HttpRequest r, TwoFactorApi api, CancellationToken ct) => api.RenewRecoveryCodes(r, ct))
            .Body<TwoFactorCheckRequest>("password", "code").Returns<TwoFactorRecoveryCodes>();
        app.MapGet("/api/v1/users/me/trusted-devices", (HttpRequest r, TrustedDevicesApi api, CancellationToken ct) => api.List(r, ct))
            .Returns<TrustedDeviceList>();
        app.MapDelete("/api/v1/users/me/trusted-devices", (HttpRequest r, TrustedDevicesApi api, CancellationToken ct) => api.ForgetAll(r, ct)).NoContent();
        app.MapDelete("/api/v1/users/me/trusted-devices/{id}", (HttpRequest r, string id, TrustedDevicesApi api, CancellationToken ct) => api.Forget(r, id, ct))
            .NoContent();
        app.MapGet("/api/v1/users/me/passkeys", (HttpRequest r, PasskeysApi api, CancellationToken ct) => api.List(r, ct)).Returns<PasskeyList>();
        app.MapPost("/api/v1/users/me/passkeys/options", (HttpRequest r, PasskeysApi api, CancellationToken ct) => api.Options(r, ct))
            .Body<PasskeyOptionsRequest>("password").Returns<PasskeyCreationChallenge>();
        app.MapPost("/api/v1/users/me/passkeys", (HttpRequest r, PasskeysApi api, CancellationToken ct) => api.Register(r, ct))
            .Body<PasskeyRegistrationRequest>("challengeId", "credential").Returns<PasskeyView>(201);
        app.MapPatch("/api/v1/users/me/passkeys/{id}", (HttpRequest r, string id, PasskeysApi api, CancellationToken ct) => api.Rename(r, id, ct))
            .Body<RenamePasskeyRequest>("name").Returns<PasskeyView>();
        app.MapDelete("/api/v1/users/me/passkeys/{id}", (HttpRequest r, string id, PasskeysApi api, CancellationToken ct) => api.Delete(r, id, ct))
            .NoContent();
        app.MapGet("/api/v1/users/me/sessions", (HttpRequest r, SessionApi api, CancellationToken ct) => api.List(r, ct)).Returns<SessionList>();
        app.MapDelete("/api/v1/users/me/sessions", (HttpRequest r, SessionApi api, CancellationToken ct) => api.EndOthers(r, ct)).NoContent();
        app.MapDelete("/api/v1/users/me/sessions/{id}", (HttpRequest r, string id, SessionApi api, CancellationToken ct) => api.End(r, id, ct))
            .NoContent();
        app.MapGet("/api/v1/users/me", (HttpRequest r, UsersApi api, CancellationToken ct) => api.GetMe(r, ct)).Returns<MeView>();
        app.MapPatch("/api/v1/users/me", (HttpRequest r, UsersApi api, CancellationToken ct) => api.PatchMe(r, ct))
            .Patch("username:string", "fullName:string", "bio:string", "phoneNumber:string", "dateOfBirth:string",
                "gender:string", "profileCategory:string", "isPrivate:boolean", "externalLinks:array", "businessInfo:object").Returns<MeView>();
        app.MapDelete("/api/v1/users/me", (HttpRequest r, AccountDeletionApi api, CancellationToken ct) => api.Delete(r, ct))
            .Body<DeleteAccountRequest>("password").Returns<AccountDeletionView>(202);
        app.MapPut("/api/v1/users/me/avatar", (HttpRequest r, AvatarApi api, CancellationToken ct) => api.Set(r, ct))
            .Body<SetAvatarRequest>("uploadId").Returns<MeView>();
        app.MapDelete("/api/v1/users/me/avatar", (HttpRequest r, AvatarApi api, CancellationToken ct) => api.Remove(r, ct)).NoContent();
        app.MapGet("/api/v1/avatars/{id}", (string id, HttpRequest r, AvatarApi api, CancellationToken ct) => api.Get(r, id, ct)).Guest().Redirect();
        app.MapGet("/api/v1/users/" + RouteParameters.Username, (string username, HttpRequest r, UsersApi api, CancellationToken ct) => api.GetProfile(r, username, ct))
            .Guest().Returns<PublicProfileView>()
            .Extended<PublicProfileView>(app.ServiceProvider.GetServices<IProfileSection>().SelectMany(s => s.Members));
        app.MapGet("/api/v1/users/{username}/about", (string username, HttpRequest r, AboutApi api, CancellationToken ct) => api.Get(r, username, ct))
            .Guest().Returns<AccountAboutView>();
        return app;
    }
}
