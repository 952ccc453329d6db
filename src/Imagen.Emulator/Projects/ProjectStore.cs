using System.Security.Cryptography;
using Imagen.Emulator.Hosting;

namespace Imagen.Emulator.Projects;

/// <summary>All projects of the fake account, by id and by (unique) name.</summary>
public sealed class ProjectStore(EmulatorIdentity identity, TimeProvider clock)
{
    private readonly object _gate = new();
    private readonly Dictionary<string, Project> _byUuid = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Project> _byName = new(StringComparer.Ordinal);
    private readonly List<Project> _ordered = [];
    private int _nextProjectId = 1000;

    /// <summary>Creates a project, or returns null when the name is taken.</summary>
    public Project? TryCreate(string? name)
    {
        lock (_gate)
        {
            name ??= NewGuidText();
            if (_byName.ContainsKey(name)) return null;
            string uuid;
            do uuid = NewObjectId(); while (_byUuid.ContainsKey(uuid));
            var project = new Project
            {
                Uuid = uuid,
                Name = name,
                ProjectId = ++_nextProjectId,
                CreatedAt = clock.GetUtcNow(),
                Directory = Path.Combine(identity.DataDirectory, "projects", uuid),
            };
            Directory.CreateDirectory(Path.Combine(project.Directory, "upload"));
            _byUuid.Add(uuid, project);
            _byName.Add(name, project);
            _ordered.Add(project);
            return project;
        }
    }

    public Project? Find(string uuid)
    {
        lock (_gate) return _byUuid.GetValueOrDefault(uuid);
    }

    public Project? FindByName(string name)
    {
        lock (_gate) return _byName.GetValueOrDefault(name);
    }

    /// <summary>Newest first, as the service lists them.</summary>
    public IReadOnlyList<Project> All()
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
