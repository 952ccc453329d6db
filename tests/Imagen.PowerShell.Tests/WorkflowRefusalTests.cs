using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Imagen.PowerShell.Tests.Infrastructure;
using Xunit;

namespace Imagen.PowerShell.Tests;

/// <summary>
/// Issue #4 point 1: every check runs before anything is created. Each refusal writes the same error
/// Test-ImagenProfileFiles would, and the emulator's journal shows no project, no upload and no edit.
/// </summary>
[Collection(PowerShellCollection.Name)]
public sealed class WorkflowRefusalTests : WorkflowSharedEmulatorTests
{
    public WorkflowRefusalTests(EmulatorFixture emulator)
        : base(emulator)
    {
    }

    public static IEnumerable<object[]> Refusals() => new[]
    {
        // RAW profile given JPEGs: the seed's words, the same id as Test-ImagenProfileFiles.
        new object[] { "jpeg", "Get-ChildItem ([IO.Path]::Combine($shoot, '*')) | Invoke-ImagenEdit -ProfileKey 5700", "ImagenFileTypeMismatch", "RAW profile cannot be used with JPG files" },
        new object[] { "raw", "Get-ChildItem ([IO.Path]::Combine($shoot, '*')) | Invoke-ImagenEdit -ProfileKey 29132", "ImagenFileTypeMismatch", "JPG profile cannot be used with RAW files" },
        new object[] { "mixed", "Get-ChildItem ([IO.Path]::Combine($shoot, '*')) | Invoke-ImagenEdit -ProfileKey 5700", "ImagenMixedFileTypes", "Cannot mix RAW and JPG files" },
        new object[] { "raw", "Get-ChildItem ([IO.Path]::Combine($shoot, '*')) | Invoke-ImagenEdit -ProfileKey 5700 -Crop -PortraitCrop", "ImagenConflictingEditOptions", "Crop" },
        new object[] { "raw", "Get-ChildItem ([IO.Path]::Combine($shoot, '*')) | Invoke-ImagenEdit -ProfileKey 5700 -Straighten -PerspectiveCorrection", "ImagenConflictingEditOptions", "Straighten" },
        new object[] { "raw", "Invoke-ImagenEdit -LiteralPath ([IO.Path]::Combine($shoot, 'missing.cr2')), $first -ProfileKey 5700", "ImagenFileNotFound", "missing.cr2" },
        new object[] { "raw", "Invoke-ImagenEdit -Path ([IO.Path]::Combine($shoot, '*.arw')), ([IO.Path]::Combine($shoot, '*')) -ProfileKey 5700", "ImagenFileNotFound", "*.arw" },
        // Two camera bodies, one stem (DSC_0001.nef and DSC_0001.arw): both results would be DSC_0001.xmp.
        new object[] { "raw", "[IO.File]::Copy($first, [IO.Path]::ChangeExtension($first, '.arw')); Invoke-ImagenEdit -Path $shoot -ProfileKey 5700", "ImagenResultNamesCollide", "would both give the results" },
        new object[] { "raw", "Get-ChildItem ([IO.Path]::Combine($shoot, '*')) | Invoke-ImagenEdit -ProfileKey 5700 -CallbackUrl 'http://example.com/hook'", "ImagenInvalidEditOption", "https" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task EveryRefusalCreatesNothingOnTheServer(string kind, string script, string errorId, string wording)
    {
        string shoot = Kit.Shoot("Refused", 3, kind);
        string firstName = Path.GetFileName(WorkflowTestKit.FilesIn(shoot)[0]);
        string twinFolder = Path.Combine(Kit.Root, "Twin");
        Directory.CreateDirectory(twinFolder);
        string twin = Path.Combine(twinFolder, firstName);
        File.Copy(WorkflowTestKit.FilesIn(shoot)[0], twin);
        int before = (await Kit.JournalAsync()).Count;

        var result = Kit.Run(script, new() { ["shoot"] = shoot, ["twin"] = twin, ["first"] = WorkflowTestKit.FilesIn(shoot)[0] });

        Assert.Empty(result.Output);
        Assert.Contains(errorId, result.ErrorIds);
        Assert.Contains(result.AllErrors, e => (e.ErrorDetails?.Message ?? e.Exception.Message).Contains(wording));
        var routes = (await Kit.JournalAsync()).Skip(before).Select(WorkflowTestKit.Route).ToList();
        Assert.DoesNotContain(routes, WorkflowTestKit.CreatesOrBills);
    }

    [Fact]
    public async Task TheSameFileProblemsAsTestImagenProfileFiles()
    {
        string shoot = Kit.Shoot("Same", 4, "mixed");
        var check = Kit.Run("Get-ChildItem ([IO.Path]::Combine($shoot, '*')) | Test-ImagenProfileFiles -ProfileKey 5700", new() { ["shoot"] = shoot });
        int before = (await Kit.JournalAsync()).Count;
        var edit = Kit.Run("Get-ChildItem ([IO.Path]::Combine($shoot, '*')) | Invoke-ImagenEdit -ProfileKey 5700", new() { ["shoot"] = shoot });

        Assert.Equal(check.ErrorIds.OrderBy(i => i), edit.ErrorIds.OrderBy(i => i));
        Assert.Equal(check.Errors.Select(e => e.Exception.Message).OrderBy(m => m), edit.Errors.Select(e => e.Exception.Message).OrderBy(m => m));
        Assert.DoesNotContain((await Kit.JournalAsync()).Skip(before).Select(WorkflowTestKit.Route), WorkflowTestKit.CreatesOrBills);
    }

    [Fact]
    public async Task AnUnknownProfileKeyStopsBeforeAnythingIsCreated()
    {
        string shoot = Kit.Shoot("Unknown", 2, "raw");
        int before = (await Kit.JournalAsync()).Count;
        var result = Kit.Run("Get-ChildItem ([IO.Path]::Combine($shoot, '*')) | Invoke-ImagenEdit -ProfileKey 999999", new() { ["shoot"] = shoot });

        Assert.Empty(result.Output);
        Assert.Equal("ImagenProfileNotFound", Assert.Single(result.ErrorIds));
        Assert.DoesNotContain((await Kit.JournalAsync()).Skip(before).Select(WorkflowTestKit.Route), WorkflowTestKit.CreatesOrBills);
    }

    [Fact]
    public void PhotographyTypeAndCropAspectRatioTabComplete()
    {
        var result = Kit.Run(
            "(TabExpansion2 -inputScript 'Invoke-ImagenEdit -PhotographyType WED' -cursorColumn 36).CompletionMatches.CompletionText; " +
            "(TabExpansion2 -inputScript 'Invoke-ImagenEdit -CropAspectRatio ' -cursorColumn 35).CompletionMatches.CompletionText; " +
            "(TabExpansion2 -inputScript 'Invoke-ImagenEdit -HdrOutputCompression ' -cursorColumn 40).CompletionMatches.CompletionText");
        Assert.Empty(result.AllErrors);
        var completions = result.Output.Select(o => o.ToString()).ToList();
        Assert.Contains("WEDDING", completions);
        Assert.Contains("2X3", completions);
        Assert.Contains("5X7", completions);
        Assert.Contains("LOSSLESS", completions);
    }
}
