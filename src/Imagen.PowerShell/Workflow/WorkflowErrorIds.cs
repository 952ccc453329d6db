namespace Imagen.PowerShell.Workflow
{
    /// <summary>FullyQualifiedErrorIds raised by the workflow cmdlets themselves. Scripts rely on them: never rename one.</summary>
    public static class WorkflowErrorIds
    {
        /// <summary>Wait-ImagenEdit / Wait-ImagenExport gave up after -TimeoutSec (the job goes on on the server).</summary>
        public const string WaitTimeout = "ImagenWaitTimeout";

        /// <summary>Save-ImagenResult was asked for exports of a project that has none (not exported, or not finished).</summary>
        public const string NotExported = "ImagenNotExported";

        /// <summary>Save-ImagenResult was asked for the edit outputs of a project whose edit has not completed.</summary>
        public const string NotEdited = "ImagenNotEdited";
    }
}
