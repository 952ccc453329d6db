namespace Imagen.Core
{
    /// <summary>
    /// Where a run stands, in the order a run moves through it. Each value is written to the run record BEFORE the
    /// request it describes is sent (…Requested) and again when the answer arrives (…Accepted, …Done, …Failed), so
    /// a run killed at any instant is continued, never repeated, by the next run of the same command.
    /// </summary>
    public enum ImagenRunState
    {
        /// <summary>The project is being created; its id is not known yet (the name is).</summary>
        ProjectCreating,

        /// <summary>The project exists and its id is recorded; files upload (each recorded on its own).</summary>
        ProjectCreated,

        /// <summary>POST /edit is about to be sent or was sent; its answer has not been recorded.</summary>
        EditRequested,

        /// <summary>The service accepted the edit: the project is billed.</summary>
        EditAccepted,

        /// <summary>The edit completed.</summary>
        EditDone,

        /// <summary>The edit failed on the service's side.</summary>
        EditFailed,

        /// <summary>POST /export is about to be sent or was sent; its answer has not been recorded.</summary>
        ExportRequested,

        /// <summary>The service accepted the export (or chains it after the edit).</summary>
        ExportAccepted,

        /// <summary>The export completed.</summary>
        ExportDone,

        /// <summary>The export failed on the service's side.</summary>
        ExportFailed,

        /// <summary>A record made by Save-ImagenResult for a project that no Invoke-ImagenEdit run started here.</summary>
        SaveOnly,
    }

    /// <summary>The three answers Get-ImagenRun gives, as azcopy jobs list does.</summary>
    public enum ImagenRunStatus
    {
        /// <summary>Not finished: running, stopped, or waiting for a re-run of the same command to continue it.</summary>
        Pending,

        /// <summary>Everything asked for completed on the service.</summary>
        Finished,

        /// <summary>The edit or the export failed on the service's side.</summary>
        Failed,
    }
}
