using System;

namespace Imagen.Core
{
    /// <summary>The server could not be reached or stopped answering, after the retries were spent.</summary>
    public sealed class ImagenConnectionException : ImagenException
    {
        public ImagenConnectionException(string message, Exception? innerException = null)
            : base(message, ImagenErrorIds.ConnectionFailed, innerException)
        {
        }
    }
}
