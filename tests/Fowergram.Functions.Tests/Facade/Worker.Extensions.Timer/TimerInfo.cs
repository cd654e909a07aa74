// Facade of Azure/azure-functions-dotnet-worker extensions/Worker.Extensions.Timer/src/TimerInfo.cs
// (package Microsoft.Azure.Functions.Worker.Extensions.Timer 4.3.1). ScheduleStatus is not used by our code.
namespace Microsoft.Azure.Functions.Worker;

public class TimerInfo
{
    public bool IsPastDue
    {
        get => throw new NotSupportedException(Fowergram.Functions.Tests.Facade.FacadeInfo.Message);
        set => throw new NotSupportedException(Fowergram.Functions.Tests.Facade.FacadeInfo.Message);
    }
}
