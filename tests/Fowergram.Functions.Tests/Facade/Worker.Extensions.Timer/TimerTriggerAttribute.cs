// Facade of Azure/azure-functions-dotnet-worker extensions/Worker.Extensions.Timer/src/TimerTriggerAttribute.cs
// (package Microsoft.Azure.Functions.Worker.Extensions.Timer 4.3.1).
using Microsoft.Azure.Functions.Worker.Extensions.Abstractions;

namespace Microsoft.Azure.Functions.Worker;

public sealed class TimerTriggerAttribute : TriggerBindingAttribute
{
    /// <param name="schedule">NCRONTAB (six fields, seconds first), a TimeSpan, or a %setting% expression.</param>
    public TimerTriggerAttribute(string schedule) => throw new NotSupportedException(Fowergram.Functions.Tests.Facade.FacadeInfo.Message);
}
