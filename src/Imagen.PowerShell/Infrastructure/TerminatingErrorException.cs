using System;
using System.Management.Automation;

namespace Imagen.PowerShell.Infrastructure
{
    /// <summary>
    /// Thrown by async work to stop the cmdlet with a prepared ErrorRecord; the pipeline thread turns it into
    /// ThrowTerminatingError (workers must not call it themselves).
    /// </summary>
    internal sealed class TerminatingErrorException : Exception
    {
        public TerminatingErrorException(ErrorRecord errorRecord)
            : base(errorRecord.Exception?.Message, errorRecord.Exception)
        {
            ErrorRecord = errorRecord;
        }

        public ErrorRecord ErrorRecord { get; }
    }
}
