using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using Imagen.Emulator.Journal;
using Xunit;

namespace Imagen.PowerShell.Tests.Infrastructure;

/// <summary>What a run killed and run again must show against a fault-free run: the same outputs, no upload sent twice.</summary>
internal static class KilledRunChecks
{
    /// <summary>Everything in the shoot folder except the JPEG originals: outputs, and any temporary a run left behind.</summary>
    public static Dictionary<string, byte[]> OutputsIn(string shoot)
    {
        var originals = new HashSet<string>(Directory.GetFiles(shoot, "*.jpg").Select(Path.GetFileName)!, StringComparer.Ordinal);
        return Directory.GetFiles(shoot, "*", SearchOption.AllDirectories)
            .Where(f => !(Path.GetDirectoryName(f) == shoot && originals.Contains(Path.GetFileName(f))))
            .ToDictionary(f => Path.GetRelativePath(shoot, f), File.ReadAllBytes, StringComparer.Ordinal);
    }

    /// <summary>The shoot holds exactly the reference's outputs, byte for byte.</summary>
    public static void AssertSameOutputs(Dictionary<string, byte[]> reference, string shoot)
    {
        var outputs = OutputsIn(shoot);
        Assert.Equal(reference.Keys.OrderBy(k => k, StringComparer.Ordinal), outputs.Keys.OrderBy(k => k, StringComparer.Ordinal));
        foreach (var (name, bytes) in reference)
        {
            Assert.True(SHA256.HashData(bytes).SequenceEqual(SHA256.HashData(outputs[name])), $"{name} differs from the fault-free run's");
        }
    }

    /// <summary>A file whose upload storage confirmed (a PUT answered 200) is never sent again by a later run.</summary>
    public static void AssertNoFinishedUploadSentAgain(IReadOnlyList<JournalEntry> journal)
    {
        foreach (var file in journal.Where(e => e.Route == "storage.put").GroupBy(e => Path.GetFileName(e.Path)))
        {
            var firstSuccess = file.FirstOrDefault(e => e.Status == 200);
            Assert.True(firstSuccess is null || file.Count(e => e.Sequence > firstSuccess.Sequence) == 0, $"{file.Key} was uploaded again after its upload had finished");
        }
    }
}
