using System;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using Imagen.Core;
using Imagen.PowerShell.Errors;

namespace Imagen.PowerShell.Workflow
{
    /// <summary>The status cmdlets of one server-side job (edit or export) of a project.</summary>
    public abstract class JobCmdlet : ProjectCmdlet
    {
        /// <summary>Which job this cmdlet is about.</summary>
        protected abstract ImagenJobKind Kind { get; }

        protected string JobName => Kind == ImagenJobKind.Export ? "export" : "edit";

        /// <summary>A Failed status as a non-terminating error (the status object is still written).</summary>
        internal static ErrorRecord JobFailed(ImagenJobStatus status)
        {
            string what = status.Kind == ImagenJobKind.Export ? "export" : "edit";
            string id = status.Kind == ImagenJobKind.Export ? ImagenErrorIds.ExportFailed : ImagenErrorIds.EditFailed;
            string message = $"The {what} of project {status.ProjectId} failed" + (string.IsNullOrWhiteSpace(status.Details) ? "." : ": " + status.Details);
            return new ErrorRecord(new ImagenException(message, id), id, ErrorCategory.InvalidResult, status.ProjectId)
            {
                ErrorDetails = new ErrorDetails(message) { RecommendedAction = "Contact your Imagen service manager with the project id." },
            };
        }
    }

    /// <summary>Waits for a job: polls with capped backoff, shows the server's progress, honours -TimeoutSec and Ctrl+C.</summary>
    public abstract class JobWaitCmdlet : JobCmdlet
    {
        /// <summary>Give up waiting after this many seconds (the job goes on on the server). Default: wait until done.</summary>
        [Parameter]
        [ValidateRange(1, int.MaxValue)]
        public int TimeoutSec { get; set; }

        /// <summary>Seconds before the first status check; later checks wait longer, up to 30 s. Default 5.</summary>
        [Parameter]
        [ValidateRange(0.1, 600.0)]
        public double PollingIntervalSec { get; set; }

        protected override void ProcessRecord()
        {
            string projectId = ProjectId;
            ImagenJobKind kind = Kind;
            TimeSpan? timeout = Bound(nameof(TimeoutSec)) ? TimeSpan.FromSeconds(TimeoutSec) : (TimeSpan?)null;
            TimeSpan? interval = Bound(nameof(PollingIntervalSec)) ? TimeSpan.FromSeconds(PollingIntervalSec) : (TimeSpan?)null;
            var progress = new WorkflowProgress(PostProgress, $"Imagen: waiting for the {JobName} of project {projectId}");
            try
            {
                RunForProject(async (client, ct) =>
                {
                    ImagenJobStatus status = await WaitAsync(client, projectId, kind, progress, timeout, interval, ct).ConfigureAwait(false);
                    if (status.State == ImagenJobState.Failed)
                    {
                        PostError(JobFailed(status));
                    }

                    PostObject(status);
                });
            }
            finally
            {
                progress.CloseQuietly();
            }
        }

        private async Task<ImagenJobStatus> WaitAsync(ImagenClient client, string projectId, ImagenJobKind kind, WorkflowProgress progress, TimeSpan? timeout, TimeSpan? interval, CancellationToken ct)
        {
            using (var limit = CancellationTokenSource.CreateLinkedTokenSource(ct))
            {
                ImagenJobStatus? last = null;
                if (timeout.HasValue)
                {
                    limit.CancelAfter(timeout.Value);
                }

                try
                {
                    return await client.WaitForJobAsync(projectId, kind, new SynchronousProgress<ImagenJobStatus>(s =>
                    {
                        last = s;
                        progress.Job(s);
                    }), limit.Token, interval).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                {
                    string seen = last is null ? "had not answered" : $"was still '{last.Status}'";
                    string message = $"The {JobName} of project {projectId} {seen} after {timeout!.Value.TotalSeconds:0} s; it goes on on the server.";
                    if (last is null)
                    {
                        throw new ImagenException(message, WorkflowErrorIds.WaitTimeout);
                    }

                    PostError(new ErrorRecord(new TimeoutException(message), WorkflowErrorIds.WaitTimeout, ErrorCategory.OperationTimeout, projectId));
                    return last;
                }
            }
        }
    }
}
