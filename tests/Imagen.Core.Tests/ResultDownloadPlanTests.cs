using System.Collections;
using Imagen.Core.Tests.Support;
using Imagen.Emulator.Samples;

namespace Imagen.Core.Tests;

/// <summary>Which results Save-ImagenResult fetches and where each lands: the rules, then against the emulator.</summary>
public class ResultDownloadPlanTests : IDisposable
{
    private static readonly Uri AnyUrl = new("https://storage.example/object");

    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static ImagenDownloadLink Edit(string name) => new("p1", ImagenJobKind.Edit, name, AnyUrl);

    private static ImagenDownloadLink Export(string name) => new("p1", ImagenJobKind.Export, name, AnyUrl);

    private Dictionary<string, string> Originals(params string[] names) =>
        names.ToDictionary(n => n, n => Path.Combine(_folder.Path, "Shoot", n), StringComparer.OrdinalIgnoreCase);

    [Fact]
    public void WithoutADestinationResultsGoBesideTheirOriginals()
    {
        var shoot = Path.Combine(_folder.Path, "Shoot");
        var plan = ImagenResultDownloadPlan.ForLinks(
            [Edit("IMG_0001.xmp"), Edit("IMG_0002.jpg"), Export("IMG_0001.jpg")],
            new ImagenResultDownloadRequest { ProjectId = "p1", Originals = Originals("IMG_0001.CR2", "IMG_0002.jpg") });

        Assert.Equal(
            [shoot, Path.Combine(shoot, "Imagen Edit"), Path.Combine(shoot, "Imagen Export")],
            plan.Items.Select(i => i.Folder));
        Assert.Equal(Path.Combine(shoot, "IMG_0001.xmp"), plan.Items[0].Target);
        Assert.Equal("Save edited file", plan.Items[0].Action);
        Assert.Equal("Save exported JPEG", plan.Items[2].Action);
    }

    [Fact]
    public void ADestinationTakesEverythingAndExportsGetASubfolderOnlyWhenBothKindsCome()
    {
        var delivery = Path.Combine(_folder.Path, "Delivery");
        var request = new ImagenResultDownloadRequest { ProjectId = "p1", DestinationFolder = delivery, Originals = Originals("IMG_0001.CR2") };

        var both = ImagenResultDownloadPlan.ForLinks([Edit("IMG_0001.xmp"), Export("IMG_0001.jpg")], request);
        var exportsOnly = ImagenResultDownloadPlan.ForLinks([Export("IMG_0001.jpg")], request);

        Assert.Equal([delivery, Path.Combine(delivery, "Imagen Export")], both.Items.Select(i => i.Folder));
        Assert.Equal(delivery, exportsOnly.Items.Single().Folder);
    }

    [Fact]
    public void WithNeitherDestinationNorOriginalsTheFallbackFolderIsUsed()
    {
        var plan = ImagenResultDownloadPlan.ForLinks([Edit("IMG_0001.xmp")], new ImagenResultDownloadRequest { ProjectId = "p1", FallbackFolder = _folder.Path });
        Assert.Equal(_folder.Path, plan.Items.Single().Folder);
        Assert.Equal(_folder.Path, plan.FolderFor(plan.Items.Single().Link));
    }

    [Fact]
    public void ARefusedNameIsPreviewedAsSentAndExistingFilesAreFlagged()
    {
        _folder.WriteText("IMG_0001.xmp", "already here");
        var plan = ImagenResultDownloadPlan.ForLinks([Edit("../evil.xmp"), Edit("IMG_0001.xmp")], new ImagenResultDownloadRequest { ProjectId = "p1", DestinationFolder = _folder.Path });

        Assert.Null(plan.Items[0].Target);
        Assert.Contains("..", plan.Items[0].Refusal);
        Assert.Equal("../evil.xmp (refused: not a plain file name)", plan.Items[0].Preview);
        Assert.True(plan.Items[1].Exists);
        Assert.Null(plan.Items[1].Refusal);
    }

    [Fact]
    public void OriginalsAreReadFromNamesToPathsOrFileInfosAndBlanksAreIgnored()
    {
        var cr2 = Path.Combine(_folder.Path, "IMG_0001.CR2");
        IDictionary files = new Hashtable
        {
            ["IMG_0001.CR2"] = new FileInfo(cr2),
            ["IMG_0002.CR2"] = Path.Combine(_folder.Path, "IMG_0002.CR2"),
            ["IMG_0003.CR2"] = null,
            [new Wrapper("IMG_0004.CR2")] = new Wrapper(Path.Combine(_folder.Path, "IMG_0004.CR2")),
        };

        var originals = ImagenResultLayout.ReadOriginals(files, o => o is Wrapper w ? w.Inner : o);

        Assert.Equal(3, originals.Count);
        Assert.Equal(cr2, originals["img_0001.cr2"]);
        Assert.Equal(Path.Combine(_folder.Path, "IMG_0004.CR2"), originals["IMG_0004.CR2"]);
        Assert.Empty(ImagenResultLayout.ReadOriginals(null));
    }

    [Fact]
    public async Task ByDefaultExportsComeOnlyWhenTheExportCompletedAndTheDownloadFollowsThePlan()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        var files = SampleShootGenerator.Generate(Path.Combine(_folder.Path, "Smith"), 2, "jpeg", seed: 5);
        var profile = (await emulator.Client.GetProfilesAsync()).First(p => p.ImageType == "JPG");
        var workflow = new ImagenEditWorkflow(emulator.Client);
        var editedOnly = await workflow.RunAsync(new ImagenEditWorkflowRequest { RunStore = TestStores.New(), Files = files.ToList(), Profile = profile, PollInterval = TimeSpan.FromMilliseconds(30) });

        var editPlan = await ImagenResultDownloadPlan.CreateAsync(emulator.Client, new ImagenResultDownloadRequest { ProjectId = editedOnly.ProjectId, Originals = editedOnly.Files });
        Assert.Equal(2, editPlan.Items.Count);
        Assert.All(editPlan.Items, i => Assert.Equal(ImagenJobKind.Edit, i.Link.Kind));

        await emulator.Client.StartExportAsync(editedOnly.ProjectId);
        await emulator.Client.WaitForExportAsync(editedOnly.ProjectId, pollInterval: TimeSpan.FromMilliseconds(30));
        var plan = await ImagenResultDownloadPlan.CreateAsync(emulator.Client, new ImagenResultDownloadRequest { ProjectId = editedOnly.ProjectId, Originals = editedOnly.Files });
        Assert.Equal(4, plan.Items.Count);

        // Only the approved part is downloaded, into the planned folders.
        var approved = plan.Items.Where(i => i.Link.Kind == ImagenJobKind.Export).ToList();
        var summary = await plan.DownloadAsync(emulator.Client, approved);
        Assert.Equal(2, summary.Downloaded);
        var exportFolder = Path.Combine(_folder.Path, "Smith", "Imagen Export");
        Assert.Equal(approved.Select(i => i.Target).OrderBy(t => t), Directory.GetFiles(exportFolder).OrderBy(f => f));
        Assert.False(Directory.Exists(Path.Combine(_folder.Path, "Smith", "Imagen Edit")));
    }

    [Fact]
    public async Task AKnownExportStatusOrAnExplicitSelectionSavesTheStatusCall()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        var files = SampleShootGenerator.Generate(Path.Combine(_folder.Path, "Jones"), 1, "jpeg", seed: 5);
        var profile = (await emulator.Client.GetProfilesAsync()).First(p => p.ImageType == "JPG");
        var result = await new ImagenEditWorkflow(emulator.Client).RunAsync(new ImagenEditWorkflowRequest { RunStore = TestStores.New(), Files = files.ToList(), Profile = profile, Export = true, PollInterval = TimeSpan.FromMilliseconds(30) });
        var before = (await emulator.JournalAsync()).Count;

        var known = await ImagenResultDownloadPlan.CreateAsync(emulator.Client, new ImagenResultDownloadRequest { ProjectId = result.ProjectId, ExportStatus = result.ExportStatus, Overwrite = true });
        var exportsOnly = await ImagenResultDownloadPlan.CreateAsync(emulator.Client, new ImagenResultDownloadRequest { ProjectId = result.ProjectId, Selection = ImagenResultSelection.Export });

        Assert.Equal(2, known.Items.Count);
        Assert.True(known.Overwrite);
        Assert.Equal(ImagenJobKind.Export, exportsOnly.Items.Single().Link.Kind);
        Assert.DoesNotContain((await emulator.JournalAsync()).Skip(before), e => e.Route() == "export.status");
    }

    private sealed class Wrapper(object inner)
    {
        public object Inner { get; } = inner;

        public override string ToString() => "wrapped";
    }
}
