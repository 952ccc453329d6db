namespace Imagen.Core
{
    /// <summary>A log that discards everything, used when the caller passes none.</summary>
    internal sealed class NullImagenLog : IImagenLog
    {
        public static readonly NullImagenLog Instance = new NullImagenLog();

        public bool IsDebugEnabled => false;

        public void Verbose(string message)
        {
        }

        public void Debug(string message)
        {
        }
    }
}
