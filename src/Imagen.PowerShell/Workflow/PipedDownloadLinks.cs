using System;
using System.Collections.Generic;
using Imagen.Core;

namespace Imagen.PowerShell.Workflow
{
    /// <summary>
    /// The download links piped into Save-ImagenResult (Get-ImagenDownloadLink | Where-Object ... | Save-ImagenResult):
    /// collected per project in the order they came, each link once, so exactly the files chosen are saved, once.
    /// </summary>
    internal sealed class PipedDownloadLinks
    {
        private readonly Dictionary<string, List<ImagenDownloadLink>> _byProject = new Dictionary<string, List<ImagenDownloadLink>>(StringComparer.Ordinal);
        private readonly HashSet<string> _seen = new HashSet<string>(StringComparer.Ordinal);
        private readonly List<string> _order = new List<string>();

        /// <summary>Keeps the links of one pipeline record; false when the record carried none (a project instead).</summary>
        public bool Add(IReadOnlyList<ImagenDownloadLink>? links)
        {
            if (links is null || links.Count == 0)
            {
                return false;
            }

            foreach (ImagenDownloadLink link in links)
            {
                if (!_seen.Add(link.ProjectId + "\n" + link.Kind + "\n" + link.FileName))
                {
                    continue;
                }

                if (!_byProject.TryGetValue(link.ProjectId, out List<ImagenDownloadLink>? list))
                {
                    list = new List<ImagenDownloadLink>();
                    _byProject.Add(link.ProjectId, list);
                    _order.Add(link.ProjectId);
                }

                list.Add(link);
            }

            return true;
        }

        /// <summary>The links per project, projects in the order they first came.</summary>
        public IEnumerable<KeyValuePair<string, List<ImagenDownloadLink>>> ByProject()
        {
            foreach (string projectId in _order)
            {
                yield return new KeyValuePair<string, List<ImagenDownloadLink>>(projectId, _byProject[projectId]);
            }
        }
    }
}
