namespace Fowergram.Platform.Data;

/// <summary>
/// Whether the database's character classes are Unicode's (docs/deploy.md "Database locale"). lower(), ILIKE, pg_trgm's
/// words and regex classes follow LC_CTYPE: under the C locale they know ASCII letters only, so "É" and "é" differ in
/// searches, places and case-insensitive names, while Azure's en_US.utf8 (and the scripts' C.UTF-8) fold them.
/// </summary>
public static class DatabaseLocale
{
    public const string FoldsUnicode = "SELECT lower('É') = 'é' AND 'é' ~ '^[[:alpha:]]$'";
}
