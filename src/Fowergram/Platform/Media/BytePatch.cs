namespace Fowergram.Platform.Media;

/// <summary>Bytes the server writes over an object's own from <paramref name="Offset"/> on; the object keeps its size.</summary>
public sealed record BytePatch(long Offset, byte[] Bytes)
{
    public long End => Offset + Bytes.Length;

    /// <summary>
    /// Throws unless <paramref name="patches"/> come in offset order, do not overlap and lie inside an object of
    /// <paramref name="size"/> bytes: both stores check this before they write anything, so a list they refuse changes
    /// nothing (the Blob store builds the blob from the ranges between the patches, which must be in order).
    /// </summary>
    public static void EnsureFit(IReadOnlyList<BytePatch> patches, long size)
    {
        long previousEnd = 0;
        foreach (var patch in patches)
        {
            if (patch.Offset < 0 || patch.End > size)
                throw new ArgumentOutOfRangeException(nameof(patches), $"A patch runs past the object's {size} bytes.");
            if (patch.Offset < previousEnd)
                throw new ArgumentException("The patches overlap or are not in offset order.", nameof(patches));
            previousEnd = patch.End;
        }
    }
}
