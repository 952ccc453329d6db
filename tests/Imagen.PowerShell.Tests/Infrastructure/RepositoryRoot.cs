using System;
using System.IO;

namespace Imagen.PowerShell.Tests.Infrastructure;

/// <summary>The repository root, found the way a user stands in it: the folder holding ImagenPS.sln.</summary>
public static class RepositoryRoot
{
    public static string Path { get; } = Find();

    public static string ManifestPath => System.IO.Path.Combine(Path, "Imagen.psd1");

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
