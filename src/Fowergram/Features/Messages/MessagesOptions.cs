using Fowergram.Platform.Options;

namespace Fowergram.Features.Messages;

/// <summary>Settings of section <c>Messages</c> (both hosts; <c>Messages__VanishAfterRead</c> in the environment).</summary>
public sealed class MessagesOptions : ISelfValidatingOptions
{
    public const string Section = "Messages";

    /// <summary>
    /// Vanish mode: how long the recipient's read mark must stand still before the messages it passed vanish while vanish mode
    /// is on. Instagram removes them when the recipient leaves the chat, which a server cannot see; a read mark that stopped
    /// moving is its stand-in (docs/messages.md "Vanish mode"). Zero to a day.
    /// </summary>
    public TimeSpan VanishAfterRead { get; set; } = TimeSpan.FromMinutes(1);

    public IEnumerable<string> Problems()
    {
        if (VanishAfterRead < TimeSpan.Zero || VanishAfterRead > TimeSpan.FromDays(1))
            yield return "Messages:VanishAfterRead must be between 00:00:00 and 1.00:00:00.";
    }
}
