using Xunit;

namespace Fowergram.Functions.Tests.Infrastructure;

/// <summary>The compiled infra/: main.bicep (subscription scope), resources.bicep as the module it deploys, and the app settings.</summary>
public static class InfraTemplates
{
    /// <summary>The deployment name main.bicep gives the resources.bicep module.</summary>
    public const string ResourcesModule = "fowergram-resources";

    public static ArmTemplate Main => BicepCli.Main.Arm;

    public static ArmTemplate Resources => Main.ModuleTemplate(ResourcesModule);

    /// <summary>
    /// Every app setting of the function app with its value's expression, the conditional ones included:
    /// the settings compile to one expression of createObject calls joined by union and if, where a
    /// setting may appear in more than one branch (it must then have the same value in each).
    /// </summary>
    public static IReadOnlyDictionary<string, string> AppSettings
    {
        get
        {
            var settings = Resources.Resource("Microsoft.Web/sites/config", "'appsettings'").At("properties").GetString()!;
            return ArmExpression.ObjectEntries(ArmTemplate.Unbracketed(settings)).GroupBy(e => e.Key).ToDictionary(g => g.Key, g =>
            {
                var values = g.Select(e => e.Value).Distinct().ToList();
                Assert.True(values.Count == 1, $"App setting {g.Key} has different values in different branches: {string.Join(" | ", values)}");
                return values[0];
            });
        }
    }

    /// <summary>The value of the resources.bicep output that a main.bicep output passes on (failing when it passes on anything else).</summary>
    public static string PassedOnOutput(string mainOutput, string moduleOutput)
    {
        var value = Main.Output(mainOutput).At("value").GetString()!;
        Assert.Matches($@"^\[reference\(.*'Microsoft\.Resources/deployments', '{ResourcesModule}'\), '[^']+'\)\.outputs\.{moduleOutput}\.value\]$", value);
        return Resources.Output(moduleOutput).At("value").GetString()!;
    }
}
