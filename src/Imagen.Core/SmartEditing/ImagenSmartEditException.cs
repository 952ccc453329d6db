namespace Imagen.Core
{
    /// <summary>
    /// A Smart Edit stopped after its run record was written (uploads that failed, the service refusing, an outage):
    /// the partial <see cref="Result"/> says what exists on the service, whether it is billed, and which files failed.
    /// The message says what to do; the same command continues the run.
    /// </summary>
    public sealed class ImagenSmartEditException : ImagenException
    {
        public ImagenSmartEditException(string message, string errorId, ImagenSmartEditResult result, System.Exception? innerException = null)
            : base(message, errorId, innerException)
        {
            Result = result;
        }

        public ImagenSmartEditResult Result { get; }
    }
}
