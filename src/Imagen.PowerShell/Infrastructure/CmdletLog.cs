using Imagen.Core;

namespace Imagen.PowerShell.Infrastructure
{
    /// <summary>
    /// Routes Core's story to the cmdlet whose work is running on the current async flow: Verbose to -Verbose,
    /// each HTTP call to -Debug. Messages are queued for the pipeline thread; a message logged outside any cmdlet's
    /// work (a shared client's background activity) is dropped rather than written from the wrong thread.
    /// </summary>
    internal sealed class CmdletLog : IImagenLog
    {
        public static readonly CmdletLog Instance = new CmdletLog();

        private CmdletLog()
        {
        }

        public bool IsDebugEnabled => AsyncCmdlet.Current?.DebugWanted ?? false;

        public void Verbose(string message) => AsyncCmdlet.Current?.PostVerbose(message);

        public void Debug(string message) => AsyncCmdlet.Current?.PostDebug(message);
    }
}
