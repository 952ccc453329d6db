using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using Imagen.PowerShell.Tests.Infrastructure;
using Xunit;

namespace Imagen.PowerShell.Tests;

/// <summary>
/// The README's main job, `./build.ps1 -Task Demo`, run by the real engine in a fresh process: it stages the module,
/// starts the emulator as a program, generates a shoot, imports the staged module and runs the pipelines.
/// </summary>
[Collection(PowerShellCollection.Name)]
public sealed class BuildScriptTests : IDisposable
{
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("imagen-build-ps1-");

    [Fact]
    public void DemoStagesTheModuleAndRunsTheMainJobAgainstTheEmulator()
    {
        var output = Path.Combine(_work.FullName, "out");
        var shoot = Path.Combine(_work.FullName, "Shoot");
        var configuration = Path.GetFileName(Path.GetDirectoryName(Path.GetDirectoryName(typeof(BuildScriptTests).Assembly.Location))!);
        var script = Path.Combine(_work.FullName, "demo.ps1");
        File.WriteAllText(script, $"""
            $ErrorActionPreference = 'Stop'
            & '{Path.Combine(RepositoryRoot.Path, "build.ps1")}' -Task Demo -Configuration {configuration} -Framework net8.0 -OutputPath '{output}' -DemoPath '{shoot}' -SampleCount 3
            'demo finished'
            Import-Module '{Path.Combine(output, "Imagen", RepositoryRoot.ModuleVersion, "Imagen.psd1")}' -Force
            'help: ' + (Get-Help Get-ImagenProfile).Synopsis
            'example: ' + (Get-Help Test-ImagenProfileFiles -Examples).examples.example[0].code
            'parameter: ' + (Get-Help Test-ImagenProfileFiles -Parameter LiteralPath).description[0].Text
            'aliases: ' + (Get-Help Test-ImagenProfileFiles -Parameter LiteralPath).aliases
            'syntax: ' + @((Get-Help Get-ImagenProfile).syntax.syntaxItem).Count
            """);

        var (exitCode, stdout, stderr) = ChildProcess.RunPowerShell(script, TimeSpan.FromMinutes(5));

        Assert.True(exitCode == 0, stderr + stdout);
        Assert.Contains("demo finished", stdout);
        var staged = Path.Combine(output, "Imagen", RepositoryRoot.ModuleVersion);
        Assert.True(File.Exists(Path.Combine(staged, "Imagen.psd1")));
        Assert.True(File.Exists(Path.Combine(staged, "lib", "net8.0", "Imagen.PowerShell.dll")));
        Assert.True(File.Exists(Path.Combine(staged, "lib", "net8.0", "dependencies", "Polly.Core.dll")));
        Assert.Empty(Directory.GetFiles(staged, "*.dll"));
        Assert.Contains("FormatsToProcess     = @('Imagen.Format.ps1xml')", File.ReadAllText(Path.Combine(staged, "Imagen.psd1")));

        // Get-Help reads the MAML that Stage writes from the XML doc comments.
        Assert.Contains("help: Lists the Imagen AI profiles (editing styles) the account can use.", stdout);
        Assert.Contains("example: Get-ChildItem D:\\Shoots\\Smith\\*.cr2 | Test-ImagenProfileFiles -ProfileKey 5700", stdout);
        Assert.Contains("parameter: Files to check, taken literally.", stdout);
        Assert.Contains("aliases: PSPath, LP", stdout);
        Assert.Contains("syntax: 2", stdout);

        var photos = Directory.GetFiles(shoot).Where(f => !f.EndsWith(".xmp", StringComparison.OrdinalIgnoreCase)).ToArray();
        Assert.Equal(3, photos.Length);
        // The demo edits the shoot and saves the results the photographer's way: an .xmp sidecar beside each RAW,
        // and the edited copy of a DNG (same name, XMP inside) in "Imagen Edit" so the original is never replaced.
        var expectedSidecars = photos.Where(p => !p.EndsWith(".dng", StringComparison.OrdinalIgnoreCase)).Select(p => Path.ChangeExtension(p, ".xmp"));
        Assert.NotEmpty(expectedSidecars);
        Assert.Equal(expectedSidecars.OrderBy(p => p), Directory.GetFiles(shoot, "*.xmp").OrderBy(p => p));
        Assert.All(photos.Where(p => p.EndsWith(".dng", StringComparison.OrdinalIgnoreCase)),
            dng => Assert.True(File.Exists(Path.Combine(shoot, "Imagen Edit", Path.GetFileName(dng))), $"no edited copy of {Path.GetFileName(dng)}"));
        // -Export: one developed JPEG per photo in "Imagen Export", each a real JPEG (starts with FF D8 FF).
        var exports = photos.Select(p => Path.Combine(shoot, "Imagen Export", Path.GetFileNameWithoutExtension(p) + ".jpg")).ToArray();
        Assert.All(exports, jpeg =>
        {
            Assert.True(File.Exists(jpeg), $"no exported JPEG {Path.GetFileName(jpeg)}");
            Assert.Equal(new byte[] { 0xFF, 0xD8, 0xFF }, File.ReadAllBytes(jpeg).Take(3).ToArray());
        });
    }

    public void Dispose() => _work.Delete(recursive: true);
}
