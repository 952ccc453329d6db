using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using Imagen.Core;
using Imagen.PowerShell.Errors;
using Imagen.PowerShell.Infrastructure;

namespace Imagen.PowerShell.Cmdlets
{
    /// <summary>
    /// <para type="synopsis">Lists the account's projects, or gets one by id or by name.</para>
    /// <para type="description">Without parameters it lists every project (page after page, newest first).
    /// -ProjectId gets one project; -Name finds projects by name (wildcards allowed; a plain name is looked up
    /// directly). An id or plain name that matches nothing is a non-terminating ObjectNotFound error.</para>
    /// <example><code>Get-ImagenProject -Name 'Smith*' | Get-ImagenEditStatus</code><para>Finds the projects whose names start with Smith and shows their edit status.</para></example>
    /// <example><code>Get-ImagenProject | Where-Object CreatedAt -gt (Get-Date).AddDays(-1)</code><para>Lists the projects created in the last 24 hours (CreatedAt is a date, so the comparison is by time).</para></example>
    /// <example><code>Get-ImagenProject -IncludeArchived | Where-Object Status -eq Failed</code><para>Lists every project, archived ones too, whose edit failed.</para></example>
    /// <example><code>Get-ImagenProject -SmartEdit -Name '12_Elm*'</code><para>Finds the Smart Editing projects whose names start with 12_Elm.</para></example>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "ImagenProject", DefaultParameterSetName = ListSet)]
    [OutputType(typeof(ImagenProject))]
    public sealed class GetImagenProjectCommand : ImagenApiCmdlet
    {
        private const string ListSet = "List";
        private const string ByIdSet = "ById";

        /// <summary>Project ids (project_uuid).</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = ByIdSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("ProjectUuid")]
        [ValidateNotNullOrEmpty]
        [ValidateProjectId]
        public string[] ProjectId { get; set; } = new string[0];

        /// <summary>Project names; wildcards allowed.</summary>
        [Parameter(ParameterSetName = ListSet, Position = 0)]
        [Alias("ProjectName")]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string[]? Name { get; set; }

        /// <summary>Include archived projects in the list.</summary>
        [Parameter(ParameterSetName = ListSet)]
        public SwitchParameter IncludeArchived { get; set; }

        /// <summary>Smart Editing projects instead of regular ones (their Status is the Smart Edit's progress).</summary>
        [Parameter]
        public SwitchParameter SmartEdit { get; set; }

        protected override void ProcessRecord()
        {
            ImagenClient client = GetClient();
            if (SmartEdit)
            {
                WriteSmartEditProjects(client);
                return;
            }

            if (ParameterSetName == ByIdSet)
            {
                foreach (string id in ProjectId)
                {
                    WriteProject(client, id);
                }

                return;
            }

            if (Name is not null && Name.All(n => !WildcardPattern.ContainsWildcardCharacters(n)))
            {
                foreach (string name in Name)
                {
                    string? id = RunAsync(ct => client.GetProjectIdByNameAsync(name, ct));
                    if (id is null)
                    {
                        WriteError(NotFound(name, $"No project is named '{name}'. Run Get-ImagenProject to list the projects."));
                        continue;
                    }

                    WriteProject(client, id);
                }

                return;
            }

            bool? archived = IncludeArchived ? (bool?)null : false;
            IReadOnlyList<ImagenProject> projects = RunAsync(ct => client.GetAllProjectsAsync(archived, ct));
            WriteVerbose($"The account has {projects.Count} projects.");
            var patterns = Name?.Select(n => WildcardPattern.Get(n, WildcardOptions.IgnoreCase)).ToArray();
            foreach (ImagenProject project in projects)
            {
                if (patterns is null || patterns.Any(p => p.IsMatch(project.Name ?? string.Empty)))
                {
                    WriteObject(project);
                }
            }
        }

        /// <summary>Smart Editing projects have no name lookup route: names are matched against the listing.</summary>
        private void WriteSmartEditProjects(ImagenClient client)
        {
            if (ParameterSetName == ByIdSet)
            {
                foreach (string id in ProjectId)
                {
                    string current = id;
                    ImagenProject? project = RunAsync(async ct =>
                    {
                        try
                        {
                            return await client.GetSmartEditProjectAsync(current, ct).ConfigureAwait(false);
                        }
                        catch (ImagenApiException missing) when (missing.StatusCode == 404)
                        {
                            return null;
                        }
                    });
                    if (project is null) WriteError(NotFound(id, $"No Smart Editing project has the id '{id}'. Run Get-ImagenProject -SmartEdit to list them."));
                    else WriteObject(project);
                }

                return;
            }

            bool? archived = IncludeArchived ? (bool?)null : false;
            IReadOnlyList<ImagenProject> projects = RunAsync(ct => client.GetAllSmartEditProjectsAsync(archived, ct));
            var patterns = Name?.Select(n => WildcardPattern.Get(n, WildcardOptions.IgnoreCase)).ToArray();
            foreach (ImagenProject project in projects.Where(p => patterns is null || patterns.Any(pattern => pattern.IsMatch(p.Name ?? string.Empty))))
            {
                WriteObject(project);
            }
        }

        private void WriteProject(ImagenClient client, string id)
        {
            ImagenProject? project = RunAsync(async ct =>
            {
                try
                {
                    return await client.GetProjectAsync(id, ct).ConfigureAwait(false);
                }
                catch (ImagenApiException missing) when (missing.StatusCode == 404)
                {
                    return null;
                }
            });
            if (project is null)
            {
                WriteError(NotFound(id, $"No project has the id '{id}'. Run Get-ImagenProject to list the projects."));
                return;
            }

            WriteObject(project);
        }

        private static ErrorRecord NotFound(string target, string message) =>
            new ErrorRecord(new ItemNotFoundException(message), ImagenErrorIds.NotFound, ErrorCategory.ObjectNotFound, target);
    }
}
