using Imagen.Core.Tests.Support;
using Imagen.Emulator.Samples;

namespace Imagen.Core.Tests;

/// <summary>Two runs from the same folder in the same second meet on the generated project name.</summary>
public class ProjectNameCollisionTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private ImagenEditWorkflowRequest Request(string? projectName = null) => new()
    {
        Files = SampleShootGenerator.Generate(Path.Combine(_folder.Path, "Smith"), 1, "raw", seed: 2).ToList(),
        ProfileKey = 5700,
        ProjectName = projectName,
        PollInterval = TimeSpan.FromMilliseconds(30),
    };

    [Fact]
    public async Task AGeneratedNameAlreadyTakenGetsASuffixAndTheRunGoesOn()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        var workflow = new ImagenEditWorkflow(emulator.Client);
        var plan = await workflow.PrepareAsync(Request());
        Assert.True(plan.ProjectNameGenerated);

        // The other run, started in the same second, took the name first.
        var other = await emulator.Client.CreateProjectAsync(plan.ProjectName);
        var result = await workflow.RunAsync(plan);

        Assert.Equal(ImagenJobState.Completed, result.EditState);
        Assert.NotEqual(other.ProjectId, result.ProjectId);
        Assert.Matches("^" + System.Text.RegularExpressions.Regex.Escape(plan.ProjectName) + "_[0-9a-f]{4}$", result.ProjectName);
        Assert.Equal(result.ProjectId, await emulator.Client.GetProjectIdByNameAsync(result.ProjectName));
        Assert.Contains("already taken", emulator.Log.All);
    }

    [Fact]
    public async Task AUsersOwnNameIsNeverChanged()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        await emulator.Client.CreateProjectAsync("Smith wedding");
        var workflow = new ImagenEditWorkflow(emulator.Client);
        var plan = await workflow.PrepareAsync(Request("Smith wedding"));
        Assert.False(plan.ProjectNameGenerated);

        var error = await Assert.ThrowsAsync<ImagenApiException>(() => workflow.RunAsync(plan));

        Assert.Contains("already exists", error.Message);
        var creates = (await emulator.JournalAsync()).Count(e => e.Route() == "projects.create");
        Assert.Equal(2, creates);
        Assert.DoesNotContain(await emulator.JournalAsync(), e => e.Route() == "upload-links");
    }
}
