using System.Security.Cryptography;
using Imagen.Emulator.Hosting;

namespace Imagen.Emulator.Projects;

/// <summary>
/// All projects of the fake account, by id and by name. Names are unique within a family: Smart Editing projects live
/// under their own route family (§3.10) with their own listing, so a regular and a Smart Editing project may share one.
/// </summary>
public sealed class ProjectStore(EmulatorIdentity identity, TimeProvider clock)
{
    private readonly object _gate = new();
    private readonly Dictionary<string, Project> _byUuid = new(StringComparer.Ordinal);
    private readonly Dictionary<(ProjectFamily, string), Project> _byName = new();
    private readonly List<Project> _ordered = [];
    private int _nextProjectId = 1000;

    /// <summary>Creates a project, or returns null when the name is taken in its family.</summary>
    public Project? TryCreate(string? name, ProjectFamily family = ProjectFamily.Regular)
    {
        lock (_gate)
        {
            name ??= NewGuidText();
            if (_byName.ContainsKey((family, name))) return null;
            string uuid;
            do uuid = NewObjectId(); while (_byUuid.ContainsKey(uuid));
            var project = new Project
            {
                Uuid = uuid,
                Name = name,
                Family = family,
                ProjectId = ++_nextProjectId,
                CreatedAt = clock.GetUtcNow(),
                Directory = Path.Combine(identity.DataDirectory, "projects", uuid),
            };
            Directory.CreateDirectory(Path.Combine(project.Directory, "upload"));
            _byUuid.Add(uuid, project);
            _byName.Add((family, name), project);
            _ordered.Add(project);
            return project;
        }
    }

    /// <summary>A project of <paramref name="family"/>; the other family's routes do not see it.</summary>
    public Project? Find(string uuid, ProjectFamily family = ProjectFamily.Regular)
    {
        var project = FindAny(uuid);
        return project?.Family == family ? project : null;
    }

    /// <summary>A project of either family (storage links, billing, admin).</summary>
    public Project? FindAny(string uuid)
    {
        lock (_gate) return _byUuid.GetValueOrDefault(uuid);
    }

    public Project? FindByName(string name, ProjectFamily family = ProjectFamily.Regular)
    {
        lock (_gate) return _byName.GetValueOrDefault((family, name));
    }

    public bool NameTaken(string name, ProjectFamily family)
    {
        lock (_gate) return _byName.ContainsKey((family, name));
    }

    /// <summary>The projects of one family, newest first, as the service lists them.</summary>
    public IReadOnlyList<Project> All(ProjectFamily family = ProjectFamily.Regular)
    {
        lock (_gate) return _ordered.Where(p => p.Family == family).Reverse().ToList();
    }

    /// <summary>Every project of both families, newest first (billing and admin).</summary>
    public IReadOnlyList<Project> Everything()
    {
        lock (_gate) return _ordered.AsEnumerable().Reverse().ToList();
    }

    /// <summary>
    /// 24 lower-case hex characters, like the service's MongoDB-style ids (§2.3). Random, not seeded: a data folder
    /// reused by a later run must never meet an id again.
    /// </summary>
    private static string NewObjectId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));

    /// <summary>The name the service gives a project created without one: a random UUID.</summary>
    private static string NewGuidText() => Guid.NewGuid().ToString();
}
