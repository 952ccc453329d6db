namespace Imagen.Core
{
    /// <summary>The steps of <see cref="ImagenEditWorkflow"/>, in order.</summary>
    public enum ImagenWorkflowStage
    {
        Checking,
        CreatingProject,
        Checksumming,
        Uploading,
        StartingEdit,
        Editing,
        StartingExport,
        Exporting,
        Completed,
    }
}
