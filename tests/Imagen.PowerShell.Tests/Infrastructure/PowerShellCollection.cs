using Xunit;

namespace Imagen.PowerShell.Tests.Infrastructure;

/// <summary>
/// Every test that uses a runspace or the process environment joins this collection, so they run one at a time
/// (environment variables and loaded modules are process-wide) and share one emulator.
/// </summary>
[CollectionDefinition(Name)]
public sealed class PowerShellCollection : ICollectionFixture<EmulatorFixture>
{
    public const string Name = "PowerShell";
}
