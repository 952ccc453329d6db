using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Reflection;
using Imagen.PowerShell.Tests.Infrastructure;
using Xunit;

namespace Imagen.PowerShell.Tests;

/// <summary>Issue #2 point 1: the manifest, the loader and the layout, as a user meets them.</summary>
[Collection(PowerShellCollection.Name)]
public sealed class ModuleLoadingTests
{
    [Fact]
    public void ImportFromRepositoryRootExportsExactlyTheManifestsCmdlets()
    {
        using var session = new PowerShellSession();
        var listed = ReadManifestWithoutUtility(session);
        var exported = session.Invoke("(Get-Module Imagen).ExportedCmdlets.Keys").Output.Select(o => o.ToString()).ToHashSet();
        Assert.Equal(listed.OrderBy(x => x), exported.OrderBy(x => x));
        Assert.Empty(session.Invoke("(Get-Module Imagen).ExportedFunctions.Keys").Output);
        // The only alias: the singular name a PowerShell user types for Test-ImagenProfileFiles.
        var aliases = session.Invoke("(Get-Module Imagen).ExportedAliases.Values | ForEach-Object { $_.Name + '=' + $_.ResolvedCommandName }; (Test-ModuleManifest -Path $p).ExportedAliases.Keys",
            new Dictionary<string, object?> { ["p"] = RepositoryRoot.ManifestPath }).Output.Select(o => o.ToString()).ToList();
        Assert.Equal(new[] { "Test-ImagenProfileFile=Test-ImagenProfileFiles", "Test-ImagenProfileFile" }, aliases);
    }

    [Fact]
    public void ManifestListsEveryCmdletOfTheAssembly()
    {
        using var session = new PowerShellSession();
        var listed = ReadManifestWithoutUtility(session);
        var assembly = session.Invoke("(Get-Module Imagen).NestedModules[0].ImplementingAssembly").Output.Single().BaseObject as Assembly;
        Assert.NotNull(assembly);
        var cmdlets = assembly!.GetExportedTypes()
            .Select(t => t.GetCustomAttribute<CmdletAttribute>())
            .Where(a => a is not null)
            .Select(a => a!.VerbName + "-" + a.NounName)
            .ToHashSet();
        Assert.Equal(cmdlets.OrderBy(x => x), listed.OrderBy(x => x));
    }

    [Fact]
    public void ManifestDeclaresEditionsVersionFormatsAndGalleryMetadata()
    {
        using var session = new PowerShellSession();
        var result = session.Invoke(@"
            $m = Test-ModuleManifest -Path $p -ErrorAction Stop
            $m.CompatiblePSEditions -join ','
            $m.PowerShellVersion.ToString()
            $m.RootModule
            $m.PrivateData.PSData.Tags.Count
            [string]$m.PrivateData.PSData.ProjectUri
            [string]$m.PrivateData.PSData.LicenseUri
            $m.ExportedFormatFiles.Count",
            new Dictionary<string, object?> { ["p"] = RepositoryRoot.ManifestPath });
        Assert.Null(result.Terminating);
        var values = result.Output.Select(o => o.ToString()).ToArray();
        Assert.Equal("Desktop,Core", values[0]);
        Assert.Equal("5.1", values[1]);
        Assert.Equal("Imagen.psm1", values[2]);
        Assert.True(int.Parse(values[3]) > 3);
        // No public repository exists: no invented ProjectUri/LicenseUri (the LICENSE file ships in the module).
        Assert.Equal(string.Empty, values[4]);
        Assert.Equal(string.Empty, values[5]);
        Assert.Equal("1", values[6]);
    }

    [Fact]
    public void ModuleLoadsTheNet80BuildOnPowerShell7()
    {
        using var session = new PowerShellSession();
        var path = session.Invoke("(Get-Module Imagen).NestedModules[0].Path").Output.Single().ToString();
        Assert.Matches(@"[/\\]src[/\\]Imagen.PowerShell[/\\]bin[/\\](Release|Debug)[/\\]net8\.0[/\\]Imagen\.PowerShell\.dll$", path);
    }

    [Fact]
    public void ImportWithoutABuildFailsWithOneClearMessage()
    {
        // A copy of the manifest and loader with no build beside them: what a fresh clone looks like.
        var folder = Directory.CreateTempSubdirectory("imagen-unbuilt-");
        try
        {
            File.Copy(RepositoryRoot.ManifestPath, Path.Combine(folder.FullName, "Imagen.psd1"));
            File.Copy(Path.Combine(RepositoryRoot.Path, "Imagen.psm1"), Path.Combine(folder.FullName, "Imagen.psm1"));
            var formats = Directory.CreateDirectory(Path.Combine(folder.FullName, "src", "Imagen.PowerShell"));
            File.Copy(Path.Combine(RepositoryRoot.Path, "src", "Imagen.PowerShell", "Imagen.Format.ps1xml"), Path.Combine(formats.FullName, "Imagen.Format.ps1xml"));

            using var session = new PowerShellSession(importModule: false);
            var result = session.Invoke("Import-Module -Name $p -ErrorAction Stop",
                new Dictionary<string, object?> { ["p"] = Path.Combine(folder.FullName, "Imagen.psd1") });

            var error = Assert.Single(result.AllErrors);
            var message = error.Exception.Message;
            Assert.Contains("not built yet", message);
            Assert.Contains("dotnet build ImagenPS.sln", message);
            Assert.Contains("build.ps1", message);
            Assert.Contains("net8.0", message);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public void RemovingTheModuleRemovesItsCmdlets()
    {
        using var session = new PowerShellSession();
        var result = session.Invoke("Remove-Module Imagen; [bool](Get-Command Get-ImagenProfile -ErrorAction Ignore)");
        Assert.Null(result.Terminating);
        Assert.False((bool)result.Output.Last().BaseObject);
    }

    private static HashSet<string> ReadManifestWithoutUtility(PowerShellSession session)
    {
        var result = session.Invoke("(Test-ModuleManifest -Path $p).ExportedCmdlets.Keys",
            new Dictionary<string, object?> { ["p"] = RepositoryRoot.ManifestPath });
        Assert.Null(result.Terminating);
        return result.Output.Select(o => o.ToString()).ToHashSet();
    }
}
