using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using Imagen.PowerShell.Tests.Infrastructure;
using Xunit;

namespace Imagen.PowerShell.Tests;

/// <summary>
/// Issue #2 point 5: Test-ImagenProfileFiles in the real engine, with the profile given as an object (the API-backed
/// -ProfileKey path is covered with the emulator in ProfileFilesWithServerTests).
/// </summary>
[Collection(PowerShellCollection.Name)]
public sealed class TestImagenProfileFilesTests : System.IDisposable
{
    private const string RawProfile = "[Imagen.Core.ImagenProfile]::new(5700, 'CLEAN & CRISP', 'RAW', 'Talent')";
    private const string JpgProfile = "[Imagen.Core.ImagenProfile]::new(29132, 'MOMENTICOS', 'JPG', 'Talent')";

    private readonly PowerShellSession _session = new();
    private readonly PhotoFolder _photos = new();

    private PowerShellResult Run(string script) =>
        _session.Invoke(script, new Dictionary<string, object?> { ["dir"] = _photos.Root });

    [Fact]
    public void GetChildItemFileInfoObjectsBindThroughPSPath()
    {
        _photos.Cr2("IMG_0001.CR2");
        _photos.TiffRaw("IMG_0002.nef");
        _photos.TiffRaw("IMG_0003.dng");

        var result = Run($"$ExecutionContext.SessionState.InvokeProvider.ChildItem.Get($dir, $false) | Test-ImagenProfileFiles -Profile ({RawProfile})");

        Assert.Empty(result.AllErrors);
        Assert.True((bool)result.Output.Single().BaseObject);
    }

    [Fact]
    public void FileInfoObjectsPipedWithAProfileKeyPickTheLiteralPathSet()
    {
        _photos.Cr2("a.cr2");
        var result = Run("$files = $ExecutionContext.SessionState.InvokeProvider.ChildItem.Get($dir, $false); " +
            "(Get-Command Test-ImagenProfileFiles).ResolveParameter('LiteralPath').Aliases -join ','; " +
            $"$files | Test-ImagenProfileFiles -Profile ({RawProfile}) -Detailed | ForEach-Object Path");
        Assert.Empty(result.AllErrors);
        Assert.Equal("PSPath,LP", result.Output[0].ToString());
        Assert.Equal(_photos["a.cr2"], result.Output[1].ToString());
    }

    [Fact]
    public void StringsFromThePipelineBindToPath()
    {
        _photos.Jpeg("a.jpg");
        _photos.Jpeg("b.JPEG");
        var result = Run($"[IO.Path]::Combine($dir, 'a.jpg'), [IO.Path]::Combine($dir, 'b.JPEG') | Test-ImagenProfileFiles -Profile ({JpgProfile})");
        Assert.Empty(result.AllErrors);
        Assert.True((bool)result.Output.Single().BaseObject);
    }

    [Fact]
    public void PathWildcardsExpandAndMatchExtensionsCaseInsensitively()
    {
        _photos.Cr2("one.CR2");
        _photos.Cr2("two.cr2");
        _photos.Jpeg("skip.jpg");
        var result = Run($"Test-ImagenProfileFiles -Path ([IO.Path]::Combine($dir, '*.cr2')) -Profile ({RawProfile}) -Detailed | ForEach-Object Name");
        Assert.Empty(result.AllErrors);
        Assert.Equal(new[] { "one.CR2", "two.cr2" }, result.Output.Select(o => o.ToString()).OrderBy(n => n));
    }

    [Fact]
    public void LiteralPathTakesBracketsLiterally()
    {
        _photos.Cr2("shoot[1].cr2");
        var literal = Run($"Test-ImagenProfileFiles -LiteralPath ([IO.Path]::Combine($dir, 'shoot[1].cr2')) -Profile ({RawProfile})");
        Assert.Empty(literal.AllErrors);
        Assert.True((bool)literal.Output.Single().BaseObject);

        var alias = Run($"Test-ImagenProfileFiles -LP ([IO.Path]::Combine($dir, 'shoot[1].cr2')) -Profile ({RawProfile})");
        Assert.Empty(alias.AllErrors);
    }

    [Fact]
    public void WildcardsSkipFoldersButALiteralFolderIsReported()
    {
        _photos.Cr2("IMG_0001.CR2");
        _photos.Write(Path.Combine("Imagen Edit", "IMG_0001.xmp"), new byte[] { 0x3C });
        var wildcard = Run($"Test-ImagenProfileFiles -Path ([IO.Path]::Combine($dir, '*')) -Profile ({RawProfile})");
        Assert.Empty(wildcard.AllErrors);
        Assert.True((bool)wildcard.Output.Single().BaseObject);

        var literal = Run($"Test-ImagenProfileFiles -LiteralPath ([IO.Path]::Combine($dir, 'Imagen Edit')) -Profile ({RawProfile})");
        var error = Assert.Single(literal.Errors);
        Assert.Equal("ImagenFileNotFound", error.FullyQualifiedErrorId.Split(',')[0]);
        Assert.Contains("is a folder", error.Exception.Message);
    }

    [Fact]
    public void WildcardMatchingNothingIsFileNotFound()
    {
        var result = Run($"Test-ImagenProfileFiles -Path ([IO.Path]::Combine($dir, '*.nef')) -Profile ({RawProfile}); 'script goes on'");
        var error = Assert.Single(result.Errors);
        Assert.Equal("ImagenFileNotFound", error.FullyQualifiedErrorId.Split(',')[0]);
        Assert.Equal(ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
        Assert.False((bool)result.Output[0].BaseObject);
        Assert.Equal("script goes on", result.Output[1].ToString());
    }

    [Fact]
    public void MissingFileIsANonTerminatingFileNotFoundNamingTheFile()
    {
        _photos.Cr2("here.cr2");
        var missing = _photos["gone.cr2"];
        var result = Run($"Test-ImagenProfileFiles -LiteralPath ([IO.Path]::Combine($dir, 'here.cr2')), ([IO.Path]::Combine($dir, 'gone.cr2')) -Profile ({RawProfile}); 'after'");
        var error = Assert.Single(result.Errors);
        AssertError(error, "ImagenFileNotFound", ErrorCategory.ObjectNotFound);
        Assert.Equal(missing, error.TargetObject);
        Assert.Contains("gone.cr2", error.ToString());
        Assert.False((bool)result.Output[0].BaseObject);
        Assert.Equal("after", result.Output[1].ToString());
    }

    [Fact]
    public void RawProfileGivenJpegsIsATypeMismatchInTheSeedsWords()
    {
        _photos.Jpeg("photo1.jpg");
        _photos.Jpeg("photo2.jpeg");
        var result = Run($"$ExecutionContext.SessionState.InvokeProvider.ChildItem.Get($dir, $false) | Test-ImagenProfileFiles -Profile ({RawProfile})");
        var error = Assert.Single(result.Errors);
        AssertError(error, "ImagenFileTypeMismatch", ErrorCategory.InvalidArgument);
        Assert.Equal("RAW profile cannot be used with JPG files: ['photo1.jpg', 'photo2.jpeg']", error.Exception.Message);
        Assert.Equal(new[] { _photos["photo1.jpg"], _photos["photo2.jpeg"] }, ((IEnumerable<string>)error.TargetObject).ToArray());
        Assert.NotNull(error.ErrorDetails?.RecommendedAction);
        Assert.False((bool)result.Output.Single().BaseObject);
    }

    [Fact]
    public void JpgProfileGivenRawFilesIsATypeMismatchInTheSeedsWords()
    {
        _photos.Cr2("photo1.cr2");
        _photos.TiffRaw("photo2.nef");
        var result = Run($"$ExecutionContext.SessionState.InvokeProvider.ChildItem.Get($dir, $false) | Test-ImagenProfileFiles -Profile ({JpgProfile})");
        var error = Assert.Single(result.Errors);
        AssertError(error, "ImagenFileTypeMismatch", ErrorCategory.InvalidArgument);
        Assert.Equal("JPG profile cannot be used with RAW files: ['photo1.cr2', 'photo2.nef']", error.Exception.Message);
        Assert.False((bool)result.Output.Single().BaseObject);
    }

    [Fact]
    public void MixingRawAndJpegIsReported()
    {
        _photos.Cr2("photo1.cr2");
        _photos.Jpeg("photo2.jpg");
        _photos.TiffRaw("photo3.nef");
        var result = Run($"$ExecutionContext.SessionState.InvokeProvider.ChildItem.Get($dir, $false) | Test-ImagenProfileFiles -Profile ({RawProfile})");
        Assert.Contains("ImagenMixedFileTypes", result.ErrorIds);
        Assert.Contains("ImagenFileTypeMismatch", result.ErrorIds);
        var mixed = result.Errors.Single(e => e.FullyQualifiedErrorId.StartsWith("ImagenMixedFileTypes"));
        Assert.Contains("photo2.jpg", mixed.Exception.Message);
        Assert.Contains("photo1.cr2", mixed.Exception.Message);
        Assert.False((bool)result.Output.Single().BaseObject);
    }

    [Fact]
    public void UnsupportedExtensionsAreReported()
    {
        _photos.Cr2("good.cr2");
        _photos.Png("scan.png");
        _photos.Text("notes.txt", "not a photo");
        var result = Run($"$ExecutionContext.SessionState.InvokeProvider.ChildItem.Get($dir, $false) | Test-ImagenProfileFiles -Profile ({RawProfile})");
        var error = Assert.Single(result.Errors);
        AssertError(error, "ImagenUnsupportedFileType", ErrorCategory.InvalidArgument);
        Assert.Contains("'notes.txt'", error.Exception.Message);
        Assert.Contains("'scan.png'", error.Exception.Message);
        Assert.False((bool)result.Output.Single().BaseObject);
    }

    [Fact]
    public void DuplicateNamesFromTwoFoldersAreReported()
    {
        _photos.Cr2(Path.Combine("card1", "IMG_0001.CR2"));
        _photos.Cr2(Path.Combine("card2", "IMG_0001.CR2"));
        var result = Run($"Test-ImagenProfileFiles -Path ([IO.Path]::Combine($dir, '*', '*.CR2')) -Profile ({RawProfile})");
        var error = Assert.Single(result.Errors);
        AssertError(error, "ImagenDuplicateFileName", ErrorCategory.ResourceExists);
        Assert.Contains("IMG_0001.CR2", error.Exception.Message);
    }

    [Theory]
    [InlineData("renamed.cr2", "jpeg", "FF D8 FF")]
    [InlineData("empty.cr2", "empty", "empty")]
    [InlineData("readme.nef", "text", "text")]
    [InlineData("fake.jpg", "raw", "TIFF")]
    public void ContentThatContradictsTheExtensionIsReportedWithEvidence(string name, string content, string evidence)
    {
        _ = content switch
        {
            "jpeg" => _photos.Jpeg(name),
            "empty" => _photos.Empty(name),
            "text" => _photos.Text(name, "This is a text file, not a Nikon raw file.\n"),
            _ => _photos.TiffRaw(name),
        };
        var profile = name.EndsWith(".jpg") ? JpgProfile : RawProfile;
        var result = Run($"Test-ImagenProfileFiles -LiteralPath ([IO.Path]::Combine($dir, '{name}')) -Profile ({profile})");
        var error = Assert.Single(result.Errors);
        AssertError(error, "ImagenFileContentMismatch", ErrorCategory.InvalidData);
        Assert.Equal(_photos[name], error.TargetObject);
        Assert.Contains(name, error.Exception.Message);
        Assert.Contains(evidence, error.Exception.Message);
        Assert.False((bool)result.Output.Single().BaseObject);
    }

    [Fact]
    public void DetailedReturnsOneResultPerFileWithKindContentAndProblems()
    {
        _photos.Cr2("good.cr2");
        _photos.Jpeg("renamed.cr2");
        var result = Run($"$ExecutionContext.SessionState.InvokeProvider.ChildItem.Get($dir, $false) | Test-ImagenProfileFiles -Profile ({RawProfile}) -Detailed");
        Assert.Single(result.Errors);
        var checks = result.Output.OrderBy(o => o.Properties["Name"].Value).ToArray();
        Assert.Equal(2, checks.Length);
        Assert.Equal("Imagen.Core.ImagenFileCheck", checks[0].BaseObject.GetType().FullName);
        Assert.True((bool)checks[0].Properties["IsValid"].Value);
        Assert.Equal("CanonCr2", checks[0].Properties["Content"].Value.ToString());
        Assert.False((bool)checks[1].Properties["IsValid"].Value);
        Assert.Equal("Jpeg", checks[1].Properties["Content"].Value.ToString());
        Assert.Equal("ImagenFileContentMismatch", checks[1].Properties["ErrorId"].Value);
        Assert.Contains("FF D8 FF", (string)checks[1].Properties["Evidence"].Value);
    }

    [Fact]
    public void APipedProfileObjectIsUsedWithoutAnyConnection()
    {
        _photos.Cr2("a.cr2");
        using var environment = new EnvironmentScope(("IMAGEN_API_KEY", null), ("IMAGEN_BASE_URL", null));
        var result = Run($"{RawProfile} | Test-ImagenProfileFiles -Path ([IO.Path]::Combine($dir, '*'))");
        Assert.True(!result.AllErrors.Any(), string.Join("\n", result.AllErrors));
        Assert.True((bool)result.Output.Single().BaseObject);
    }

    [Fact]
    public void APathOfAnotherProviderIsRefused()
    {
        var result = Run($"Test-ImagenProfileFiles -Path Function:\\prompt -Profile ({RawProfile})");
        var error = Assert.Single(result.Errors);
        Assert.Equal("ImagenNotAFileSystemPath", error.FullyQualifiedErrorId.Split(',')[0]);
        Assert.False((bool)result.Output.Single().BaseObject);
    }

    [Fact]
    public void SupportedExtensionsAreTheSeedsSetsExactly()
    {
        var result = Run("Get-ImagenSupportedFileType -Kind Raw | ForEach-Object Extension; '--'; [Imagen.Core.ImagenFileTypes]::JpegExtensions");
        var values = result.Output.Select(o => o.ToString()).ToArray();
        var separator = System.Array.IndexOf(values, "--");
        Assert.Equal(".dng .nef .cr2 .arw .nrw .crw .srf .sr2 .orf .raw .rw2 .raf .ptx .pef .rwl .srw .cr3 .3fr .fff".Split(' '), values[..separator]);
        Assert.Equal(new[] { ".jpg", ".jpeg" }, values[(separator + 1)..]);
    }

    [Theory]
    [InlineData("Test-ImagenProfileFiles", "Files are checked against one profile at a time; received profiles 5700 and 29132.")]
    [InlineData("Invoke-ImagenEdit", "Shoots are edited with one profile per command; received profiles 5700 and 29132.")]
    public void TwoDifferentPipedProfilesAreRefused(string command, string message)
    {
        _photos.Cr2("a.cr2");
        var result = Run($"({RawProfile}), ({RawProfile}), ({JpgProfile}) | {command} -Path ([IO.Path]::Combine($dir, '*'))");
        var error = Assert.Single(result.AllErrors); // statement-terminating: nothing is checked or edited
        AssertError(error, "ImagenMultipleProfiles", ErrorCategory.InvalidArgument);
        Assert.Equal(message, error.Exception.Message);
        Assert.Empty(result.Output);
    }

    [Fact]
    public void TestImagenProfileFilesAndInvokeImagenEditTakeFilesAndAProfileTheSameWay()
    {
        // One shared input (Infrastructure/ProfileFileInput): what is checked is what gets edited.
        var result = Run("foreach ($command in 'Test-ImagenProfileFiles', 'Invoke-ImagenEdit') { " +
            "  $c = Get-Command $command; " +
            "  $shape = foreach ($name in 'Path', 'LiteralPath', 'ProfileKey', 'Profile') { " +
            "    $p = $c.Parameters[$name]; " +
            "    $sets = foreach ($set in $p.ParameterSets.Keys) { $a = $p.ParameterSets[$set]; \"$set/$($a.IsMandatory)/$($a.Position)/$($a.ValueFromPipeline)/$($a.ValueFromPipelineByPropertyName)\" }; " +
            "    \"$name=$($p.ParameterType.Name)[$($p.Aliases -join ',')]:$(@($sets | Where-Object { $_ }) -join ';')\" }; " +
            "  \"$($c.DefaultParameterSet)|$($shape -join ' ')\" }");
        Assert.Empty(result.AllErrors);
        Assert.Equal(2, result.Output.Count);
        Assert.StartsWith("PathProfileKey|Path=String[][]:", result.Output[0].ToString());
        Assert.Contains("LiteralPath=String[][PSPath,LP]:", result.Output[0].ToString());
        Assert.Equal(result.Output[0].ToString(), result.Output[1].ToString());
    }

    private static void AssertError(ErrorRecord error, string id, ErrorCategory category)
    {
        Assert.Equal(id, error.FullyQualifiedErrorId.Split(',')[0]);
        Assert.StartsWith(id + ",", error.FullyQualifiedErrorId + ",");
        Assert.Equal(category, error.CategoryInfo.Category);
    }

    public void Dispose()
    {
        _session.Dispose();
        _photos.Dispose();
    }
}
