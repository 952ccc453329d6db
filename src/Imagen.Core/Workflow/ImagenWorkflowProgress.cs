namespace Imagen.Core
{
    /// <summary>One progress report of the workflow: the stage, plus the transfer or job status behind it.</summary>
    public sealed class ImagenWorkflowProgress
    {
        internal ImagenWorkflowProgress(ImagenWorkflowStage stage, string? projectId, string message, ImagenTransferProgress? transfer = null, ImagenJobStatus? job = null)
        {
            Stage = stage;
            ProjectId = projectId;
            Message = message;
            Transfer = transfer;
            Job = job;
        }

        public ImagenWorkflowStage Stage { get; }

        public string? ProjectId { get; }

        /// <summary>A short human description of what is happening.</summary>
        public string Message { get; }

        /// <summary>During Checksumming and Uploading.</summary>
        public ImagenTransferProgress? Transfer { get; }

        /// <summary>During Editing and Exporting.</summary>
        public ImagenJobStatus? Job { get; }

        public override string ToString() => Stage + ": " + Message;
    }
}
