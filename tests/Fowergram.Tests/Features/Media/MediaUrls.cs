using Xunit; // also compiled into Fowergram.Functions.Tests, which has no global usings
namespace Fowergram.Tests.Features.Media;

public static class MediaUrls
{
    /// <summary>Changes the first character of the <c>sig</c> parameter, which carries six full bits of the MAC.</summary>
    public static string TamperSignature(string url)
    {
        var at = url.IndexOf("sig=", StringComparison.Ordinal) + 4;
        Assert.True(at > 4, $"No sig parameter in {url}");
        return url[..at] + (url[at] == 'A' ? 'B' : 'A') + url[(at + 1)..];
    }
}
