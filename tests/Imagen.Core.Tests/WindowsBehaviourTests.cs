using Imagen.Core.Tests.Support;
using Imagen.Emulator.Samples;

namespace Imagen.Core.Tests;

/// <summary>
/// What only Windows does, as far as Linux can show it (issue 17 point 10): names Windows reserves or changes, names
/// that differ only in case (one file in a Windows or macOS folder), paths longer than Windows PowerShell 5.1 can
/// write, and a run record held open by another process while it is replaced. Where Linux cannot behave like
/// Windows, the test stands in for Windows through a seam (the path limit, a rename refused as Windows refuses it),
/// and <see cref="WindowsFactAttribute"/> tests do the real thing on Windows (CI).
/// </summary>
public class WindowsBehaviourTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Theory]
    [InlineData("NUL.tar.gz")] // reserved whatever the extensions: Windows looks before the first dot
    [InlineData("con .xmp")] // trailing spaces before the dot are dropped: CON
    [InlineData("COM\u00B9.xmp")] // COM¹ is reserved like COM1
    [InlineData("LPT0.jpg")]
    [InlineData("CONIN$.xmp")]
    [InlineData("aux")]
    [InlineData("IMG_0001.xmp.")] // Windows would write IMG_0001.xmp
    [InlineData("IMG_0001.xmp ")]
    public void NamesWindowsReservesOrChangesAreRefusedOnEverySystem(string name)
    {
        var error = Assert.Throws<ImagenException>(() => ImagenDownloadPaths.Resolve(_folder.Path, name));
        Assert.Equal("ImagenUnsafeFileName", error.ErrorId);
        Assert.Contains(name, error.Message);
    }

    [Theory]
    [InlineData("CONSOLE.xmp")]
    [InlineData("COM10.jpg")]
    [InlineData("IMG_CON.xmp")]
    [InlineData("nul_0001.jpg")]
    public void NamesThatMerelyResembleDevicesAreFine(string name)
    {
        Assert.Equal(Path.Combine(_folder.Path, name), ImagenDownloadPaths.Resolve(_folder.Path, name));
    }

    [Fact]
    public void APathWindowsPowerShellCannotWriteIsRefusedBeforeAnyDownload()
    {
        // Windows PowerShell 5.1 without long path support writes at most 259 characters; the temporary file a
        // download streams into is 25 characters longer than its target, so a 250-character target is too long.
        var name = "IMG_0001.xmp";
        var folder = Path.Combine(_folder.Path, new string('f', 250 - _folder.Path.Length - name.Length - 2));
        var target = Path.Combine(folder, name);
        Assert.Equal(250, target.Length);

        var error = Assert.Throws<ImagenException>(() => ImagenDownloadPaths.Resolve(folder, name, maxPath: 259));

        Assert.Equal("ImagenPathTooLong", error.ErrorId);
        Assert.Contains(target, error.Message);
        Assert.Contains("275 characters", error.Message);
        Assert.Contains("PowerShell 7", error.Message);
        Assert.Equal(target, ImagenDownloadPaths.Resolve(folder, name, maxPath: 275));
        Assert.Equal(target, ImagenDownloadPaths.Resolve(folder, name, maxPath: null));
        Assert.Equal(275, ImagenDownloadPaths.TemporaryFor(target).Length);
    }

    [Fact]
    public void PowerShell7AndLinuxHaveNoPathLimit()
    {
        // Only .NET Framework (Windows PowerShell) without long path support has one; these tests run on .NET.
        Assert.Null(ImagenDownloadPaths.PlatformMaxPath);
    }

    [Fact]
    public async Task ResultsWhoseNamesDifferOnlyInCaseAreSavedOnceAndTheOtherIsNamed()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        var files = SampleShootGenerator.Generate(Path.Combine(_folder.Path, "Shoot"), 1, "raw", seed: 3);
        var result = await new ImagenEditWorkflow(emulator.Client).RunAsync(new ImagenEditWorkflowRequest { Files = files.ToList(), ProfileKey = 5700, PollInterval = TimeSpan.FromMilliseconds(30) });
        var link = Assert.Single(await emulator.Client.GetEditDownloadLinksAsync(result.ProjectId));
        // The service lists the same result twice, the second time in lower case (as a case-sensitive store can).
        var lower = new ImagenDownloadLink(link.ProjectId, link.Kind, link.FileName.ToLowerInvariant(), link.Url);
        Assert.NotEqual(link.FileName, lower.FileName);
        var saved = Path.Combine(_folder.Path, "Saved");

        var summary = await emulator.Client.DownloadFilesAsync(new[] { link, lower }, saved);

        Assert.Equal(1, summary.Downloaded);
        Assert.Equal(new[] { link.FileName }, Directory.GetFiles(saved).Select(Path.GetFileName));
        var refused = Assert.Single(summary.Results, r => r.Status == ImagenDownloadStatus.Failed);
        Assert.Equal("ImagenDuplicateFileName", refused.ErrorId);
        Assert.Contains("differ only in case", refused.Message);
        Assert.Contains(link.FileName, refused.Message);
        Assert.Contains(lower.FileName, refused.Message);
    }

    [Fact]
    public void ARunRecordHeldOpenBrieflyByAnotherProcessIsStillReplaced()
    {
        // Windows refuses to rename over a file another process has open without delete sharing (Get-ImagenRun in
        // another session, a virus scanner, a backup agent): here the rename is refused that way three times.
        var path = _folder.WriteText("run.json", "old");
        var attempts = 0;
        void HeldThreeTimes(string temp, string target)
        {
            if (++attempts <= 3)
            {
                throw SharingViolation(target);
            }

            File.Move(temp, target, overwrite: true);
        }

        AtomicFile.Write(path, "new"u8.ToArray(), null, HeldThreeTimes);

        Assert.Equal(4, attempts);
        Assert.Equal("new", File.ReadAllText(path));
        Assert.Equal(new[] { path }, Directory.GetFiles(_folder.Path));
    }

    [Fact]
    public void ARunRecordHeldOpenForLongKeepsItsOldContentAndTheErrorSaysWhy()
    {
        var path = _folder.WriteText("run.json", "old");
        var attempts = 0;
        var started = DateTime.UtcNow;

        var error = Assert.ThrowsAny<IOException>(() => AtomicFile.Write(path, "new"u8.ToArray(), null, (_, target) =>
        {
            attempts++;
            throw SharingViolation(target);
        }));

        // Tried again for the window (about 3 s), then the refusal itself is the error; nothing else changed.
        Assert.True(attempts > 3, $"{attempts} attempts");
        Assert.True(DateTime.UtcNow - started >= AtomicFile.ReplaceRetryWindow - TimeSpan.FromMilliseconds(300));
        Assert.Contains("being used by another process", error.Message);
        Assert.Equal("old", File.ReadAllText(path));
        Assert.Equal(new[] { path }, Directory.GetFiles(_folder.Path));
    }

    [Fact]
    public void OtherWriteFailuresAreNotWaitedOn()
    {
        var path = _folder.WriteText("run.json", "old");
        var attempts = 0;

        // ERROR_DISK_FULL: waiting does not help.
        Assert.ThrowsAny<IOException>(() => AtomicFile.Write(path, "new"u8.ToArray(), null, (_, _) =>
        {
            attempts++;
            throw new IOException("There is not enough space on the disk.", unchecked((int)0x80070070));
        }));

        Assert.Equal(1, attempts);
        Assert.Equal("old", File.ReadAllText(path));
    }

    [WindowsFact]
    public void OnWindowsARunRecordOpenInAnotherReaderIsReplacedOnceTheReaderLetsGo()
    {
        // The real thing: a reader that does not share delete (as File.ReadAllBytes opens) holds the record while
        // it is replaced; the replace waits for it instead of failing the run.
        var path = _folder.WriteText("run.json", "old");
        var reader = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        var release = Task.Run(async () =>
        {
            await Task.Delay(500);
            reader.Dispose();
        });

        AtomicFile.Write(path, "new"u8.ToArray());

        release.Wait();
        Assert.Equal("new", File.ReadAllText(path));
    }

    /// <summary>What Windows throws for a file open elsewhere: ERROR_SHARING_VIOLATION.</summary>
    private static IOException SharingViolation(string path) =>
        new($"The process cannot access the file '{path}' because it is being used by another process.", unchecked((int)0x80070020));
}

/// <summary>A test that only means something on Windows; skipped elsewhere, with the reason.</summary>
public sealed class WindowsFactAttribute : FactAttribute
{
    public WindowsFactAttribute()
    {
        if (!OperatingSystem.IsWindows())
        {
            Skip = "Windows only: elsewhere a rename never waits for readers";
        }
    }
}
