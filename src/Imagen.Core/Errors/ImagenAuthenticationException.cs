using System;

namespace Imagen.Core
{
    /// <summary>The API refused the key (401 or 403). Terminating for a cmdlet: every further call would fail too.</summary>
    public sealed class ImagenAuthenticationException : ImagenApiException
    {
        public ImagenAuthenticationException(string message, int statusCode, string? serverMessage, Uri? requestUri = null, string? method = null)
            : base(message, statusCode, serverMessage, ImagenErrorIds.AuthenticationFailed, requestUri, method)
        {
        }
    }
}
