using System;
using System.IO;

namespace Imagen.PowerShell.Tests.Infrastructure;

/// <summary>The repository root, found the way a user stands in it: the folder holding ImagenPS.sln.</summary>
public static class RepositoryRoot
{
    public static string Path { get; } = Find();

    public static string ManifestPath => System.IO.Path.Combine(Path, "Imagen.psd1");

    /// <summary>The manifest's ModuleVersion: the folder build.ps1 stages into (out/Imagen/&lt;version&gt;).</summary>
    public static string ModuleVersion { get; } =
        System.Text.RegularExpressions.Regex.Match(File.ReadAllText(ManifestPath), @"ModuleVersion\s*=\s*'(?<version>[^']+)'").Groups["version"].Value;

    private static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "ImagenPS.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"ImagenPS.sln was not found above {AppContext.BaseDirectory}.");
    }
}
