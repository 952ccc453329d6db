using System;
using System.IO;
using System.Linq;
using Imagen.PowerShell.Tests.Infrastructure;
using Xunit;

namespace Imagen.PowerShell.Tests;

/// <summary>
/// The distributable layout build.ps1 stages (Imagen/&lt;version&gt;/ with lib/net8.0/ and third-party assemblies in
/// lib/net8.0/dependencies/), loaded in a fresh process: the module's resolver must find Polly in dependencies/.
/// </summary>
[Collection(PowerShellCollection.Name)]
public sealed class StagedModuleTests : IDisposable
{
    private readonly EmulatorFixture _emulator;
    private readonly DirectoryInfo _stage = Directory.CreateTempSubdirectory("imagen-staged-");

    public StagedModuleTests(EmulatorFixture emulator)
    {
        _emulator = emulator;
    }

    [Fact]
    public void TheStagedModuleLoadsItsDependenciesFromTheDependenciesFolder()
    {
        var module = StageLikeBuildPs1();
        var script = Path.Combine(_stage.FullName, "run.ps1");
        File.WriteAllText(script, $$"""
            $ErrorActionPreference = 'Stop'
            Import-Module '{{Path.Combine(module, "Imagen.psd1")}}'
            (Get-Module Imagen).NestedModules[0].Path
            $key = [System.Security.SecureString]::new(); foreach ($c in '{{_emulator.ApiKey}}'.ToCharArray()) { $key.AppendChar($c) }
            (Get-ImagenProfile -ProfileKey 5700 -ApiKey $key -BaseUrl '{{_emulator.BaseUrl}}').ProfileName
            [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'Polly.Core' } | ForEach-Object Location
            """);

        var (exitCode, output, errors) = ChildProcess.RunPowerShell(script, TimeSpan.FromMinutes(2));

        Assert.True(exitCode == 0, errors);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(Path.Combine(module, "lib", "net8.0", "Imagen.PowerShell.dll"), lines[0]);
        Assert.Equal("CLEAN & CRISP", lines[1]);
        Assert.Equal(Path.Combine(module, "lib", "net8.0", "dependencies", "Polly.Core.dll"), lines[2]);
    }

    /// <summary>The layout build.ps1's Stage task writes, from the development build of net8.0.</summary>
    private string StageLikeBuildPs1()
    {
        var root = RepositoryRoot.Path;
        var module = Directory.CreateDirectory(Path.Combine(_stage.FullName, "Imagen", RepositoryRoot.ModuleVersion)).FullName;
        var manifest = File.ReadAllText(Path.Combine(root, "Imagen.psd1"))
            .Replace("'src/Imagen.PowerShell/Imagen.Format.ps1xml'", "'Imagen.Format.ps1xml'");
        File.WriteAllText(Path.Combine(module, "Imagen.psd1"), manifest);
        File.Copy(Path.Combine(root, "Imagen.psm1"), Path.Combine(module, "Imagen.psm1"));
        File.Copy(Path.Combine(root, "src", "Imagen.PowerShell", "Imagen.Format.ps1xml"), Path.Combine(module, "Imagen.Format.ps1xml"));

        var build = new DirectoryInfo(Path.Combine(root, "src", "Imagen.PowerShell", "bin"))
            .GetDirectories("net8.0", SearchOption.AllDirectories)
            .OrderByDescending(d => File.GetLastWriteTimeUtc(Path.Combine(d.FullName, "Imagen.PowerShell.dll")))
            .First();
        var lib = Directory.CreateDirectory(Path.Combine(module, "lib", "net8.0")).FullName;
        var dependencies = Directory.CreateDirectory(Path.Combine(lib, "dependencies")).FullName;
        foreach (var file in build.GetFiles("*.dll"))
        {
            var ours = file.Name is "Imagen.PowerShell.dll" or "Imagen.Core.dll";
            file.CopyTo(Path.Combine(ours ? lib : dependencies, file.Name));
        }

        Assert.True(Directory.GetFiles(dependencies).Length > 0, "The build has no third-party assembly to stage.");
        return module;
    }

    public void Dispose() => _stage.Delete(recursive: true);
}
