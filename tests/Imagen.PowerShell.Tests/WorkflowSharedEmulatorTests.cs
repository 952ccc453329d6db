using Imagen.PowerShell.Tests.Infrastructure;

namespace Imagen.PowerShell.Tests;

/// <summary>
/// Base of the workflow tests that share the collection's emulator: each test gets its own <see cref="WorkflowTestKit"/>
/// (a fresh folder and PowerShell session), disposed after it.
/// </summary>
public abstract class WorkflowSharedEmulatorTests : System.IDisposable
{
    protected WorkflowSharedEmulatorTests(EmulatorFixture emulator)
    {
        Kit = new WorkflowTestKit(emulator.Server);
    }

    protected WorkflowTestKit Kit { get; }

    public void Dispose() => Kit.Dispose();
}
