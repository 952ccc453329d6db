using System;

namespace Imagen.Core
{
    /// <summary>Base of every error Core raises on purpose. Messages never contain the API key.</summary>
    public class ImagenException : Exception
    {
        public ImagenException(string message, string errorId, Exception? innerException = null)
            : base(message, innerException)
        {
            ErrorId = errorId;
        }

        /// <summary>A stable identifier from <see cref="ImagenErrorIds"/>.</summary>
        public string ErrorId { get; }
    }
}
