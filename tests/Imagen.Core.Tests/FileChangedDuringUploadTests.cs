using Imagen.Core.Tests.Support;

namespace Imagen.Core.Tests;

/// <summary>
/// Issue 16 point 6: a file that changes between its checksum and its upload (still being copied from a card, or
/// replaced by another program) is named, with the cause ("changed during its upload"), and not retried as if the
/// network had failed: HttpClient's "Error while copying content to a stream" and storage's bare "BadDigest" hid it.
/// </summary>
public class FileChangedDuringUploadTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Theory]
    [InlineData("grows", "grew while it was being uploaded")]
    [InlineData("is replaced", "BadDigest")]
    public async Task AFileThatChangesAfterItsChecksumIsNamedAsChangedDuringItsUploadAndNotRetried(string change, string cause)
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        var photo = _folder.Write("IMG_0001.cr2", FileSamples.Cr2.Concat(new byte[200_000]).ToArray());
        var length = new FileInfo(photo).Length;
        var project = await emulator.Client.CreateProjectAsync("Changed " + change);

        // Hashed: the upload's length and MD5 are now declared. Then the file changes, before its PUT.
        var changedOnce = 0;
        var changer = new SynchronousRecorder<ImagenTransferProgress>(p =>
        {
            if (p.Operation == "Checksum" && p.CompletedFiles == 1 && Interlocked.Exchange(ref changedOnce, 1) == 0)
            {
                if (change == "grows")
                {
                    File.AppendAllText(photo, "more bytes from the card reader");
                }
                else
                {
                    File.WriteAllBytes(photo, Enumerable.Repeat((byte)7, (int)length).ToArray());
                }
            }
        });
        var summary = await emulator.Client.UploadFilesAsync(project.ProjectId, new[] { photo }, changer);

        var failure = Assert.Single(summary.Failures);
        Assert.Equal("ImagenFileChanged", failure.ErrorId);
        Assert.Contains(photo, failure.Error);
        Assert.Contains("changed during its upload", failure.Error);
        Assert.Contains(cause, failure.Error);
        Assert.DoesNotContain("Error while copying content to a stream", failure.Error);
        Assert.InRange((await emulator.JournalAsync()).Count(e => e.Route() == "storage.put"), 0, 1);
        Assert.DoesNotContain(emulator.Log.Lines, l => l.Contains("Retry 1 of"));
    }
}
