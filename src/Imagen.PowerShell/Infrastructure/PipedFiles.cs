using System.Collections.Generic;
using System.Management.Automation;

namespace Imagen.PowerShell.Infrastructure
{
    /// <summary>
    /// Collects the files of every pipeline record (Process) so the command can act on all of them at once (End):
    /// everything piped into one call forms one project.
    /// </summary>
    internal sealed class PipedFiles
    {
        private readonly List<string> _files = new List<string>();

        public IReadOnlyList<string> Files => _files;

        /// <summary>True when a path matched nothing or was not a file-system path (already reported).</summary>
        public bool HadPathProblems { get; private set; }

        public void Add(PSCmdlet cmdlet, IEnumerable<string> paths, bool literal)
        {
            foreach (string path in paths)
            {
                IReadOnlyList<string> resolved = FilePathResolver.Resolve(cmdlet, path, literal);
                if (resolved.Count == 0)
                {
                    HadPathProblems = true;
                }

                _files.AddRange(resolved);
            }
        }
    }
}
