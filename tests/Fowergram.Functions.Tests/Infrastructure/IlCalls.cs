using System.Reflection;
using System.Reflection.Emit;

namespace Fowergram.Functions.Tests.Infrastructure;

/// <summary>Reads a method's IL far enough to list the methods it calls (call, callvirt, newobj, calli).</summary>
public static class IlCalls
{
    private static readonly Dictionary<short, OpCode> ByValue = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => o.Value);

    public static IReadOnlyList<string> Of(MethodInfo method)
    {
        var il = method.GetMethodBody()?.GetILAsByteArray() ?? [];
        var calls = new List<string>();
        for (var i = 0; i < il.Length;)
        {
            var value = il[i] == 0xFE ? unchecked((short)(0xFE00 | il[i + 1])) : il[i];
            i += il[i] == 0xFE ? 2 : 1;
            var op = ByValue[value];
            if (op == OpCodes.Call || op == OpCodes.Callvirt || op == OpCodes.Newobj || op == OpCodes.Calli)
            {
                var token = BitConverter.ToInt32(il, i);
                calls.Add(op == OpCodes.Calli ? "calli" : Describe(method.Module.ResolveMethod(token, method.DeclaringType!.GetGenericArguments(), null)));
            }
            i += OperandSize(op.OperandType, il, i);
        }
        return calls;
    }

    private static string Describe(MethodBase? target) => target is null ? "?" : $"{target.DeclaringType?.Name}.{target.Name}";

    private static int OperandSize(OperandType type, byte[] il, int at) => type switch
    {
        OperandType.InlineNone => 0,
        OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
        OperandType.InlineVar => 2,
        OperandType.InlineI8 or OperandType.InlineR => 8,
        OperandType.InlineSwitch => 4 + 4 * BitConverter.ToInt32(il, at),
        _ => 4,
    };
}
