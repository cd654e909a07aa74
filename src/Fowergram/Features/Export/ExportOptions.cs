using Fowergram.Platform.Options;

namespace Fowergram.Features.Export;

/// <summary>Bound from the <c>Export</c> section in both hosts (<c>Export__PageSize</c>).</summary>
public sealed class ExportOptions : ISelfValidatingOptions
{
    public const string Section = "Export";

    /// <summary>
    /// The conversations, and the messages of one conversation, read per query (docs/export.md "Rules"): what the host holds
    /// of a thread at a time, however long the thread is. Larger pages mean fewer round trips; 1 to 10,000.
    /// </summary>
    public int PageSize { get; set; } = 1000;

    public IEnumerable<string> Problems()
    {
        if (PageSize is < 1 or > 10_000) yield return "Export:PageSize must be from 1 to 10000.";
    }
}
