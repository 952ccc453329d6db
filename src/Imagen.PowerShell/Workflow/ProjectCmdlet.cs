using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using Imagen.Core;
using Imagen.PowerShell.Errors;
using Imagen.PowerShell.Infrastructure;

namespace Imagen.PowerShell.Workflow
{
    /// <summary>
    /// A step cmdlet that acts on one project per pipeline record: the id comes as a string or from any object with a
    /// ProjectId (or ProjectUuid) property, such as the output of New-ImagenProject, Get-ImagenProject or
    /// Invoke-ImagenEdit.
    /// </summary>
    public abstract class ProjectCmdlet : ImagenApiCmdlet
    {
        /// <summary>The project's id (project_uuid).</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("ProjectUuid")]
        [ValidateNotNullOrEmpty]
        [ValidateProjectId]
        public string ProjectId { get; set; } = string.Empty;

        /// <summary>
        /// Runs one project's work; a failure that concerns only this project (not found, not edited yet) is a
        /// non-terminating error so the next piped project still runs. A bad API key still stops the command.
        /// </summary>
        protected void RunForProject(System.Func<ImagenClient, CancellationToken, Task> work)
        {
            ImagenClient client = GetClient();
            string projectId = ProjectId;
            RunAsync(async ct =>
            {
                try
                {
                    await work(client, ct).ConfigureAwait(false);
                }
                catch (ImagenException error) when (!(error is ImagenAuthenticationException))
                {
                    PostError(ImagenErrorRecords.FromException(error, projectId));
                }
            });
        }

        protected bool Bound(string parameterName) => MyInvocation.BoundParameters.ContainsKey(parameterName);
    }
}
