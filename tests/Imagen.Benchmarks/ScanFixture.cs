using System.Diagnostics;
using System.Globalization;
using Imagen.Core;

namespace Imagen.Benchmarks;

/// <summary>
/// The root of finished shoots the scan benchmark scans, made once and kept (it takes minutes): each shoot's photos
/// are written, edited through the real workflow against the emulator and their results saved beside them, as the
/// nightly job does, so every record is one the module wrote. Each shoot is edited with a run store of its own, whose
/// record files are then moved into the one store (the store has no index file: it is its record files), so building
/// shoot 500 does not pay for the 499 before it. A shoot whose build did not finish is built again on the next run.
/// </summary>
internal sealed class ScanFixture
{
    private ScanFixture(string folder, int shoots, int photos)
    {
        Folder = folder;
        ShootCount = shoots;
        PhotoCount = photos;
    }

    public string Folder { get; }

    public int ShootCount { get; }

    public int PhotoCount { get; }

    /// <summary>The shoot folders.</summary>
    public string Root => Path.Combine(Folder, "root");

    /// <summary>The run store holding every finished shoot's records (each scan works on a copy).</summary>
    public string Store => Path.Combine(Folder, "store");

    private string Complete => Path.Combine(Folder, "complete.txt");

    public static string DefaultFolder(int shoots, int photos) => Path.Combine(Path.GetTempPath(), $"imagen-scan-fixture-{shoots}x{photos}");

    public static string ShootName(int index) => $"{new DateTime(2024, 1, 1).AddDays(index):yyyy-MM-dd} Shoot {index:000}";

    /// <summary>The fixture at <paramref name="folder"/>, built (or its unfinished shoots built) first when needed.</summary>
    public static async Task<ScanFixture> OpenAsync(string folder, int shoots, int photos, int parallel)
    {
        var fixture = new ScanFixture(folder, shoots, photos);
        if (File.Exists(fixture.Complete))
        {
            Console.WriteLine($"Fixture: {folder} (built earlier: {File.ReadAllText(fixture.Complete).Trim()})");
            return fixture;
        }

        await fixture.BuildAsync(parallel);
        return fixture;
    }

    private async Task BuildAsync(int parallel)
    {
        var built = Directory.CreateDirectory(Path.Combine(Folder, "built")).FullName;
        Directory.CreateDirectory(Path.Combine(Store, "shoots"));
        var locks = Path.Combine(Folder, "locks");
        Environment.SetEnvironmentVariable(ImagenRunStore.LockPathVariable, locks);
        var todo = Enumerable.Range(1, ShootCount).Where(i => !File.Exists(Path.Combine(built, i.ToString(CultureInfo.InvariantCulture)))).ToList();
        Console.WriteLine($"Fixture: building {todo.Count} of {ShootCount} finished shoots of {PhotoCount} photos in {Folder} (edited and saved through the workflow, {parallel} at a time)...");
        using var emulator = await BenchmarkEmulator.StartAsync();
        using var client = ScanShoots.Client(new BenchmarkEmulatorAddress(emulator.BaseUrl));
        var profile = await client.GetProfileAsync(ScanShoots.ProfileKey);
        var watch = Stopwatch.StartNew();
        var done = 0;
        await Parallel.ForEachAsync(todo, new ParallelOptions { MaxDegreeOfParallelism = parallel }, async (index, _) =>
        {
            await BuildShootAsync(client, profile, index);
            File.WriteAllText(Path.Combine(built, index.ToString(CultureInfo.InvariantCulture)), string.Empty);
            if (Interlocked.Increment(ref done) % 25 == 0)
            {
                Console.WriteLine($"  {done} of {todo.Count} shoots in {watch.Elapsed.TotalMinutes:0.0} min");
            }
        });

        var summary = $"{ShootCount} shoots x {PhotoCount} photos, {todo.Count} built {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC in {watch.Elapsed.TotalMinutes:0.0} min";
        File.WriteAllText(Complete, summary + Environment.NewLine);
        if (Directory.Exists(Path.Combine(Folder, "build")))
        {
            Directory.Delete(Path.Combine(Folder, "build"), recursive: true);
        }

        Console.WriteLine("Fixture: " + summary);
    }

    /// <summary>One shoot: photos written, edited and saved with a store of its own, then its records moved into the fixture's store.</summary>
    private async Task BuildShootAsync(ImagenClient client, ImagenProfile profile, int index)
    {
        var folder = Path.Combine(Root, ShootName(index));
        var storeFolder = Path.Combine(Folder, "build", index.ToString(CultureInfo.InvariantCulture));
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }

        if (Directory.Exists(storeFolder))
        {
            Directory.Delete(storeFolder, recursive: true);
        }

        ScanShoots.WritePhotos(folder, PhotoCount, seed: index);
        var store = new ImagenRunStore(storeFolder);
        var workflow = new ImagenEditWorkflow(client);
        var plan = await workflow.PrepareAsync(ScanShoots.Request(new[] { folder }, profile, store));
        var result = await workflow.RunShootAsync(plan, plan.Shoots[0]);
        var saved = await ScanShoots.SaveShootAsync(client, store, result.ShootId!);
        if (result.EditedCount != PhotoCount || saved != PhotoCount)
        {
            throw new InvalidOperationException($"Shoot {folder}: {result.EditedCount} edited and {saved} saved of {PhotoCount}.");
        }

        foreach (var run in Directory.GetDirectories(storeFolder).Where(d => Path.GetFileName(d) != "shoots"))
        {
            Directory.Move(run, Path.Combine(Store, Path.GetFileName(run)));
        }

        foreach (var shoot in Directory.GetFiles(Path.Combine(storeFolder, "shoots")))
        {
            File.Move(shoot, Path.Combine(Store, "shoots", Path.GetFileName(shoot)));
        }
    }
}
