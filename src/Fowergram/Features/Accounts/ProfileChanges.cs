namespace Fowergram.Features.Accounts;

/// <summary>
/// A parsed PATCH /users/me: for each field, whether the body named it (<c>Set…</c>) and the value to
/// store. It doubles as the parameter object of <see cref="UsersSql.Patch"/>.
/// </summary>
internal sealed class ProfileChanges
{
    public bool SetFullName { get; set; }
    public string? FullName { get; set; }
    public bool SetBio { get; set; }
    public string? Bio { get; set; }
    public bool SetPhoneNumber { get; set; }
    public string? PhoneNumber { get; set; }
    public bool SetDateOfBirth { get; set; }
    /// <summary>ISO yyyy-MM-dd, cast to date in SQL: no time zone can shift it.</summary>
    public string? DateOfBirth { get; set; }
    public bool SetGender { get; set; }
    public string? Gender { get; set; }
    public bool SetProfileCategory { get; set; }
    public string? ProfileCategory { get; set; }
    public bool SetExternalLinks { get; set; }
    public string? ExternalLinks { get; set; }
    public bool SetBusinessInfo { get; set; }
    public string? BusinessInfo { get; set; }
    public bool SetIsPrivate { get; set; }
    public bool? IsPrivate { get; set; }
    public bool SetUsername { get; set; }
    public string? Username { get; set; }

    public bool Any => SetFullName || SetBio || SetPhoneNumber || SetDateOfBirth || SetGender || SetProfileCategory ||
                       SetExternalLinks || SetBusinessInfo || SetIsPrivate || SetUsername;
}
