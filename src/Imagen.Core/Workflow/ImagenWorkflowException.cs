namespace Imagen.Core
{
    /// <summary>
    /// The workflow stopped after creating a project (every upload failed, the edit or the export failed). The
    /// partial <see cref="Result"/> says what exists on the server and which files failed.
    /// </summary>
    public sealed class ImagenWorkflowException : ImagenException
    {
        public ImagenWorkflowException(string message, string errorId, ImagenEditResult result, System.Exception? innerException = null)
            : base(message, errorId, innerException)
        {
            Result = result;
        }

        public ImagenEditResult Result { get; }
    }
}
