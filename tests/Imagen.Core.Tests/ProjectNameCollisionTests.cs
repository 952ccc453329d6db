using Imagen.Core.Tests.Support;
using Imagen.Emulator.Samples;

namespace Imagen.Core.Tests;

/// <summary>
/// Project names come from the shoot and its photos, and the service is asked for the name before a project is
/// created: a project of that name not edited yet is continued, one that is edited is never added to.
/// </summary>
public class ProjectNameCollisionTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private ImagenEditWorkflowRequest Request(string? projectName = null) => new()
    {
        Files = SampleShootGenerator.Generate(Path.Combine(_folder.Path, "Smith"), 2, "raw", seed: 2).ToList(),
        ProfileKey = 5700,
        ProjectName = projectName,
        PollInterval = TimeSpan.FromMilliseconds(30),
        QuietPeriod = TimeSpan.Zero,
        RunStore = new ImagenRunStore(Path.Combine(_folder.Path, "runs")),
    };

    [Fact]
    public async Task TheGeneratedNameSaysTheShootAndItsPhotosAndAProjectOfThatNameIsContinuedNotCreatedAgain()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        var workflow = new ImagenEditWorkflow(emulator.Client);
        var plan = await workflow.PrepareAsync(Request());
        var name = plan.Shoots.Single().NewProjectName!;
        var photos = plan.Shoots.Single().ToSend.Select(p => (p.Name, p.Length)).ToList();
        Assert.Equal($"Smith (2 photos, {ImagenProjectNames.Fingerprint(photos)})", name);

        // Another process (a second path, machine or account) created the project for the same photos a moment ago.
        var other = await emulator.Client.CreateProjectAsync(name);
        var result = await workflow.RunAsync(plan);

        Assert.Equal(ImagenJobState.Completed, result.EditState);
        Assert.Equal(other.ProjectId, result.ProjectId);
        Assert.Equal(1, (await emulator.JournalAsync()).Count(e => e.Route() == "projects.create"));
        Assert.Equal(2, emulator.Server.TotalBilledPhotos);
    }

    [Fact]
    public async Task AUsersOwnNameThatIsTakenByAnEditedProjectIsRefusedBeforeAnyUpload()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        var taken = await emulator.Client.CreateProjectAsync("Smith wedding");
        var earlier = SampleShootGenerator.Generate(Path.Combine(_folder.Path, "Earlier"), 1, "raw", seed: 5).ToList();
        await emulator.Client.UploadFilesAsync(taken.ProjectId, earlier);
        await emulator.Client.StartEditAsync(taken.ProjectId, 5700);
        var workflow = new ImagenEditWorkflow(emulator.Client);
        var plan = await workflow.PrepareAsync(Request("Smith wedding"));
        Assert.Equal("Smith wedding", plan.Shoots.Single().NewProjectName);
        var uploadsBefore = (await emulator.JournalAsync()).Count(e => e.Route() == "upload-links");

        var error = await Assert.ThrowsAsync<ImagenWorkflowException>(() => workflow.RunAsync(plan));

        Assert.Contains("already exists", error.Message);
        Assert.Contains("-ProjectName", error.Message);
        Assert.False(error.Result.Billed);
        Assert.Equal(uploadsBefore, (await emulator.JournalAsync()).Count(e => e.Route() == "upload-links"));
        Assert.Equal(1, emulator.Server.TotalBillableEdits);
    }
}
