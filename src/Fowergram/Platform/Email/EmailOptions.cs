namespace Fowergram.Platform.Email;

/// <summary>Bound from the <c>Email</c> section (<c>Email__From</c>, <c>Email__Smtp__Host</c>, ...).</summary>
public sealed class EmailOptions
{
    public const string Section = "Email";

    public string From { get; set; } = "Fowergram <no-reply@fowergram.local>";

    /// <summary>Where the links in mails point: the web client that turns them into API calls.</summary>
    public string LinkBaseUrl { get; set; } = "http://localhost:7071";

    public SmtpSettings Smtp { get; set; } = new();

    public sealed class SmtpSettings
    {
        public string? Host { get; set; }
        public int Port { get; set; } = 587;
        public string? Username { get; set; }
        public string? Password { get; set; }
        public bool EnableSsl { get; set; } = true;

        /// <summary>How long one mail may take, connecting included (SmtpClient's own Timeout binds only its synchronous Send).</summary>
        public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(100);
    }

    /// <summary>The link for <paramref name="path"/> with the one query parameter <c>token</c>.</summary>
    public string Link(string path, string token) => $"{Page(path)}?token={Uri.EscapeDataString(token)}";

    /// <summary>A page of the web client, without a token.</summary>
    public string Page(string path) => $"{LinkBaseUrl.TrimEnd('/')}/{path.TrimStart('/')}";
}
