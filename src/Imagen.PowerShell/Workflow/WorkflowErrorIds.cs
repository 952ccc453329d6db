namespace Imagen.PowerShell.Workflow
{
    /// <summary>FullyQualifiedErrorIds raised by the workflow cmdlets themselves. Scripts rely on them: never rename one.</summary>
    public static class WorkflowErrorIds
    {
        /// <summary>Wait-ImagenEdit / Wait-ImagenExport gave up after -TimeoutSec (the job goes on on the server).</summary>
        public const string WaitTimeout = "ImagenWaitTimeout";

        /// <summary>Save-ImagenResult knows no originals and was given no -Path: it writes nowhere the user did not name.</summary>
        public const string DestinationRequired = "ImagenDestinationRequired";

        /// <summary>Save-ImagenResult was given a Copilot or enhancement result (one version of one image), which it does not save.</summary>
        public const string NotAProjectResult = "ImagenNotAProjectResult";
    }
}
