namespace Fowergram.Features.Shopping;

/// <summary>
/// The active ISO 4217 currency codes (List One as of 2026, less the funds codes and precious metals, which price nothing a
/// shop sells). The database only checks the shape (three capitals); a made-up code such as "ABC" would pass it and then mean
/// nothing to a buyer, so the API checks the list. VED (the digital bolívar, beside VES since 2021) was missing until
/// 2026-12-07; ANG (replaced by XCG, the Caribbean guilder, in 2025) and BGN (Bulgaria's lev, replaced by the euro on
/// 2026-01-01) were still accepted until then.
/// </summary>
internal static class CurrencyCodes
{
    private const string Active = """
        AED AFN ALL AMD AOA ARS AUD AWG AZN BAM BBD BDT BHD BIF BMD BND BOB BRL BSD BTN BWP BYN BZD CAD CDF CHF
        CLP CNY COP CRC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GNF GTQ GYD HKD HNL HTG
        HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA
        MKD MMK MNT MOP MRU MUR MVR MWK MXN MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR RON RSD
        RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS UAH UGX
        USD UYU UZS VED VES VND VUV WST XAF XCD XCG XOF XPF YER ZAR ZMW ZWG
        """;

    /// <summary>
    /// Codes ISO 4217 withdrew this century, each with the code that replaced it, so a refusal can name it. Products priced
    /// in one before its withdrawal keep it and stay readable (the database holds any three capitals); only a new price in
    /// one is refused (ProductRules.Currency, ProductPatch.CheckPriceInCurrency).
    /// </summary>
    private static readonly Dictionary<string, string> Withdrawn = new(StringComparer.Ordinal)
    {
        ["ANG"] = "XCG", ["BGN"] = "EUR", ["HRK"] = "EUR", ["LTL"] = "EUR", ["LVL"] = "EUR", ["EEK"] = "EUR", ["SKK"] = "EUR",
        ["CYP"] = "EUR", ["MTL"] = "EUR", ["SIT"] = "EUR", ["SLL"] = "SLE", ["ZWL"] = "ZWG", ["CUC"] = "CUP", ["VEF"] = "VES",
        ["MRO"] = "MRU", ["STD"] = "STN", ["BYR"] = "BYN", ["ZMK"] = "ZMW", ["GHC"] = "GHS", ["MZM"] = "MZN", ["SDD"] = "SDG",
        ["TMM"] = "TMT", ["TRL"] = "TRY", ["CSD"] = "RSD",
    };

    private static readonly HashSet<string> Codes =
        Active.Split([' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);

    /// <summary>
    /// ISO 4217's active codes whose minor unit is 0: a price in yen or won has no cents, so 12.50 JPY names no price a buyer
    /// can pay.
    /// </summary>
    private static readonly HashSet<string> WholeUnits =
        ["BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG", "RWF", "UGX", "VND", "VUV", "XAF", "XOF", "XPF"];

    /// <summary>
    /// ISO 4217's active codes whose minor unit is 3 (a dinar is 1,000 fils): 1.250 BHD is a price; held to two decimals,
    /// as products.price was until 2026-12-07 (migration 0249), a seller could not name it. Also in products_price_decimals.
    /// </summary>
    private static readonly string[] ThousandthUnits = ["BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"];

    public static bool IsActive(string code) => Codes.Contains(code);

    /// <summary>The code that replaced a withdrawn <paramref name="code"/>, or null (an active code, or one never issued).</summary>
    public static string? SuccessorOf(string code) => Withdrawn.GetValueOrDefault(code);

    /// <summary>How many decimals a price in <paramref name="code"/> may have: 0 for whole-unit currencies, 3 for BHD and the like, else 2.</summary>
    public static int Decimals(string code) => WholeUnits.Contains(code) ? 0 : ThousandthUnits.Contains(code) ? 3 : 2;

    /// <summary>
    /// SQL: the decimals a price in <paramref name="currency"/> is stored with, 3 in BHD and the like and 2 in every other
    /// (whole-unit prices too, as they always were), so a price reads back the same however its JSON number was written.
    /// </summary>
    public static string StoredDecimalsSql(string currency) =>
        $"CASE WHEN {currency} IN ({string.Join(", ", ThousandthUnits.Select(c => $"'{c}'"))}) THEN 3 ELSE 2 END";
}
