using System.Collections.Generic;
using System.Management.Automation;
using Imagen.Core;
using Imagen.PowerShell.Errors;

namespace Imagen.PowerShell.Infrastructure
{
    /// <summary>
    /// Turns -Path (wildcards) and -LiteralPath (PSPath from Get-ChildItem) into file-system paths, the way
    /// Get-FileHash does, so strings, FileInfo objects and provider-qualified paths all work. A path that names no
    /// existing file is kept (Core reports it as ImagenFileNotFound, with the other problems); a wildcard that matches
    /// nothing and a path of another provider (HKLM:\...) are reported here; folders matched by a wildcard are skipped.
    /// </summary>
    internal static class FilePathResolver
    {
        /// <summary>Resolves one -Path or -LiteralPath value; returns the file paths and writes errors for the rest.</summary>
        public static IReadOnlyList<string> Resolve(PSCmdlet cmdlet, string path, bool literal)
        {
            var resolved = new List<string>();
            ProviderInfo provider;
            if (!literal && WildcardPattern.ContainsWildcardCharacters(path))
            {
                try
                {
                    // A wildcard names files: folders it happens to match (say, results saved in a subfolder) are skipped.
                    foreach (string match in cmdlet.SessionState.Path.GetResolvedProviderPathFromPSPath(path, out provider))
                    {
                        if (!System.IO.Directory.Exists(match))
                        {
                            resolved.Add(match);
                        }
                    }
                }
                catch (ItemNotFoundException)
                {
                    provider = null!;
                }

                if (resolved.Count == 0)
                {
                    cmdlet.WriteError(ImagenErrorRecords.NoFileMatches(path));
                    return resolved;
                }
            }
            else
            {
                try
                {
                    // -Path 'IMG`[1`].cr2' escapes its brackets, as for Get-Item: the file's name has no backticks.
                    string target = literal ? path : WildcardPattern.Unescape(path);
                    resolved.Add(cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath(target, out provider, out _));
                }
                catch (SessionStateException error)
                {
                    // An unknown drive or provider (Q:\photo.cr2): nothing to check.
                    cmdlet.WriteError(new ErrorRecord(error, ImagenErrorIds.FileNotFound, ErrorCategory.ObjectNotFound, path));
                    return resolved;
                }
            }

            if (provider is not null && provider.ImplementingType != typeof(Microsoft.PowerShell.Commands.FileSystemProvider))
            {
                cmdlet.WriteError(ImagenErrorRecords.NotAFileSystemPath(path, provider.Name));
                resolved.Clear();
            }

            return resolved;
        }
    }
}
