using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using Imagen.PowerShell.Tests.Infrastructure;
using Xunit;

namespace Imagen.PowerShell.Tests;

/// <summary>
/// Issue 7 point 6 in the real engine: `Save-ImagenResult -ProjectId $id -Force` run from the shoot folder of a DNG
/// shoot (whose edited copies have the originals' own names) never touches an original, with or without a run record.
/// </summary>
[Collection(PowerShellCollection.Name)]
public sealed class SaveResultSafetyTests : WorkflowSharedEmulatorTests
{
    public SaveResultSafetyTests(EmulatorFixture emulator)
        : base(emulator)
    {
    }

    [Fact]
    public void ForceFromTheShootFolderNeverOverwritesAnOriginal()
    {
        string shoot = Kit.Shoot("Loft", 12, "raw", seed: 3);
        foreach (var other in WorkflowTestKit.FilesIn(shoot).Where(p => !p.EndsWith(".dng", StringComparison.OrdinalIgnoreCase)))
        {
            File.Delete(other);
        }

        var originals = WorkflowTestKit.FilesIn(shoot).ToDictionary(p => p, Sha256);
        Assert.Equal(4, originals.Count);
        var edit = Kit.Run("$null = $ExecutionContext.SessionState.Path.SetLocation($shoot); (Get-ChildItem ([IO.Path]::Combine($shoot, '*.dng')) | Invoke-ImagenEdit -ProfileKey 5700).ProjectId", new() { ["shoot"] = shoot });
        Assert.Empty(edit.AllErrors);
        string projectId = (string)edit.Output.Single().BaseObject;
        var variables = new Dictionary<string, object?> { ["shoot"] = shoot, ["id"] = projectId };

        // No run record knows the originals: without -Path nothing is saved anywhere (issue 17 point 3; Core's own
        // refusal of an originals' folder, ImagenOriginalsFolder, is in ResultSavingTests); -Path . is refused
        // for each file, in one error.
        if (Directory.Exists(Kit.RunStorePath))
        {
            Directory.Delete(Kit.RunStorePath, recursive: true);
        }

        var unknown = Kit.RunInNewSession("$null = $ExecutionContext.SessionState.Path.SetLocation($shoot); Save-ImagenResult -ProjectId $id -Force", variables);
        Assert.Equal("ImagenDestinationRequired", Assert.Single(unknown.ErrorIds));
        var explicitFolder = Kit.RunInNewSession("$null = $ExecutionContext.SessionState.Path.SetLocation($shoot); Save-ImagenResult -ProjectId $id -Force -Path .", variables);
        var differ = Assert.Single(explicitFolder.AllErrors);
        Assert.Equal("ImagenResultsDiffer", differ.FullyQualifiedErrorId.Split(',')[0]);
        Assert.Equal(4, ((string[])differ.TargetObject).Length);
        AssertOriginalsUntouched(originals, shoot);

        // With the run record (written by the pipeline's save), a new session puts the results beside the originals,
        // in 'Imagen Edit', and -Force from the shoot folder changes no original.
        var piped = Kit.Run("$e = Get-ChildItem ([IO.Path]::Combine($shoot, '*.dng')) | Invoke-ImagenEdit -ProfileKey 5700; $e | Save-ImagenResult; $e.ProjectId", variables);
        Assert.Empty(piped.AllErrors);
        variables["id"] = (string)piped.Output.Single().BaseObject;
        var known = Kit.RunInNewSession("$null = $ExecutionContext.SessionState.Path.SetLocation($shoot); Save-ImagenResult -ProjectId $id -Force -PassThru | ForEach-Object DirectoryName", variables);
        Assert.Empty(known.AllErrors);
        Assert.Equal(4, known.Output.Count);
        Assert.All(known.Output, o => Assert.Equal(Path.Combine(shoot, "Imagen Edit"), (string)o.BaseObject));
        AssertOriginalsUntouched(originals, shoot);
    }

    private static void AssertOriginalsUntouched(Dictionary<string, string> originals, string shoot)
    {
        Assert.All(originals, pair => Assert.Equal(pair.Value, Sha256(pair.Key)));
        Assert.Empty(Directory.GetFiles(shoot, "*.imagen-partial", SearchOption.AllDirectories));
    }

    private static string Sha256(string path) => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)));
}
