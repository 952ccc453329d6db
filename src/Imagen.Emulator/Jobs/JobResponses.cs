using Imagen.Emulator.Api;
using Imagen.Emulator.Faults;
using Imagen.Emulator.Hosting;
using Imagen.Emulator.Projects;
using Imagen.Emulator.Storage;

namespace Imagen.Emulator.Jobs;

/// <summary>The status (§3.5) and download-link (§3.6, §3.7) answers shared by edits and exports.</summary>
public static class JobResponses
{
    public static IResult Status(Project project, JobKind kind, ApiResponder responder, SettingsStore settings)
    {
        lock (project.Gate)
        {
            var job = project.JobOf(kind);
            return responder.Ok(new
            {
                status = JobStatusText.Format(job.Status, settings.Current.StatusCasing),
                progress = job.Progress,
                details = job.Details,
            });
        }
    }

    /// <summary>Links for every output once the job has completed; a 400 saying why not before that.</summary>
    public static IResult Links(HttpContext context, Project project, JobKind kind, string routeName, ApiResponder responder,
        StorageSigner signer, FaultInjector faults, SettingsStore settings, string? onlyFileName = null)
    {
        List<OutputFile> outputs;
        lock (project.Gate)
        {
            var job = project.JobOf(kind);
            if (job.Status != JobStatus.Completed)
            {
                return onlyFileName is null && settings.Current.PendingLinks == PendingLinkModes.Empty
                    ? responder.Ok(new { files_list = Array.Empty<object>() })
                    : responder.Error(StatusCodes.Status400BadRequest, NotReadyMessage(kind, job.Status));
            }
            outputs = job.Outputs.ToList();
            if (onlyFileName is not null)
            {
                outputs = outputs.Where(o => o.FileName == onlyFileName || project.FindFile(o.FileId)?.FileName == onlyFileName).ToList();
                if (outputs.Count == 0)
                    return responder.Error(StatusCodes.Status404NotFound, $"File \"{onlyFileName}\" was not found in the project's {(kind == JobKind.Edit ? "results" : "export")}.");
            }
        }

        string area = kind == JobKind.Edit ? StorageArea.Edit : StorageArea.Export;
        // A "tamper-name" fault plays a compromised server sending a name that climbs out of the download folder.
        var tamper = faults.Next(routeName, "tamper-name");
        var links = outputs.Select(o => new
        {
            file_name = tamper is null ? o.FileName : tamper.TamperPattern.Replace("{name}", o.FileName, StringComparison.Ordinal),
            download_link = signer.CreateLink(context.Request, "GET", project.Uuid, area, o.FileId, o.FileName, contentMd5: null),
        }).ToList();
        return onlyFileName is not null ? responder.Ok(links[0]) : responder.Ok(new { files_list = links });
    }

    private static string NotReadyMessage(JobKind kind, JobStatus status) => (kind, status) switch
    {
        (JobKind.Edit, JobStatus.Pending) => "Project has not been sent to edit yet.",
        (JobKind.Edit, JobStatus.InProgress) => "Project editing is still in progress; wait until its status is Completed.",
        (JobKind.Edit, _) => "Project editing failed; there is nothing to download.",
        (_, JobStatus.Pending) => "Project has not been exported yet.",
        (_, JobStatus.InProgress) => "Project export is still in progress; wait until its status is Completed.",
        _ => "Project export failed; there is nothing to download.",
    };
}
