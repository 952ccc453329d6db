using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;

namespace Imagen.PowerShell.Tests.Infrastructure;

/// <summary>
/// A run record as the test reads it from disk (the test assembly does not load Imagen.Core; PowerShell does): the
/// run id (its folder), the snapshot's state and project, and uploads from the snapshot plus the event log.
/// </summary>
public sealed record RunOnDisk(string RunId, string State, string? ProjectId, int UploadedCount)
{
    /// <summary>The records readable now under a run store (one being written is read on the next look).</summary>
    public static IReadOnlyList<RunOnDisk> All(string runs)
    {
        var found = new List<RunOnDisk>();
        if (!Directory.Exists(runs))
        {
            return found;
        }

        foreach (var folder in Directory.GetDirectories(runs).Where(d => Path.GetFileName(d) != "locks"))
        {
            try
            {
                using var snapshot = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(folder, "run.json")));
                var root = snapshot.RootElement;
                var uploaded = root.GetProperty("files").EnumerateArray().Count(f => f.GetProperty("uploaded").GetBoolean());
                var log = Path.Combine(folder, "events-" + root.GetProperty("log").GetInt32() + ".jsonl");
                if (File.Exists(log))
                {
                    using var stream = new FileStream(log, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                    uploaded += new StreamReader(stream).ReadToEnd().Split('\n').Count(l => l.Contains("\"uploaded\"", StringComparison.Ordinal));
                }

                found.Add(new RunOnDisk(Path.GetFileName(folder), root.GetProperty("state").GetString()!, root.GetProperty("projectId").GetString(), uploaded));
            }
            catch (Exception ex) when (ex is IOException or JsonException or UnauthorizedAccessException)
            {
                // Being written (or its folder just created): read it on the next look.
            }
        }

        return found;
    }
}
