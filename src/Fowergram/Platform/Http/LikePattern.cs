namespace Fowergram.Platform.Http;

/// <summary>User text inside a SQL LIKE pattern, taken literally: the queries say <c>ESCAPE '\'</c>.</summary>
public static class LikePattern
{
    /// <summary><paramref name="text"/> with the LIKE wildcards (<c>%</c>, <c>_</c>) and the escape character escaped.</summary>
    public static string Escape(string text) => text.Replace(@"\", @"\\").Replace("%", @"\%").Replace("_", @"\_");
}
