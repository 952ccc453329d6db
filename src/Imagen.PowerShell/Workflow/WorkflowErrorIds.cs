namespace Imagen.PowerShell.Workflow
{
    /// <summary>FullyQualifiedErrorIds raised by the workflow cmdlets themselves. Scripts rely on them: never rename one.</summary>
    public static class WorkflowErrorIds
    {
        /// <summary>Wait-ImagenEdit / Wait-ImagenExport gave up after -TimeoutSec (the job goes on on the server).</summary>
        public const string WaitTimeout = "ImagenWaitTimeout";
    }
}
