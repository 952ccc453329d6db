using Imagen.PowerShell.Tests.Infrastructure;

namespace Imagen.PowerShell.Tests;

/// <summary>
/// Base of the workflow tests that share the collection's emulator: each test gets its own <see cref="WorkflowTestKit"/>
/// (a fresh folder and PowerShell session), disposed after it, and the emulator's settings as they were before it
/// (a test that slows the edits must not leave the next one waiting for them).
/// </summary>
public abstract class WorkflowSharedEmulatorTests : System.IDisposable
{
    private readonly Imagen.Emulator.EmulatorOptions _settings;

    protected WorkflowSharedEmulatorTests(EmulatorFixture emulator)
    {
        _settings = emulator.Server.Settings;
        Kit = new WorkflowTestKit(emulator.Server);
    }

    protected WorkflowTestKit Kit { get; }

    public void Dispose()
    {
        Kit.Server.RestoreSettings(_settings);
        Kit.Dispose();
    }
}
