using System;

namespace Imagen.Core
{
    /// <summary>The Imagen API (or a storage link) answered with an error status.</summary>
    public class ImagenApiException : ImagenException
    {
        public ImagenApiException(string message, int statusCode, string? serverMessage, string errorId, Uri? requestUri = null, string? method = null)
            : base(message, errorId)
        {
            StatusCode = statusCode;
            ServerMessage = serverMessage;
            RequestUri = requestUri;
            Method = method;
        }

        /// <summary>The HTTP status code (e.g. 400, 404, 503).</summary>
        public int StatusCode { get; }

        /// <summary>The server's own explanation, extracted from whichever error dialect it used.</summary>
        public string? ServerMessage { get; }

        /// <summary>The request that failed (links are shown without their query string).</summary>
        public Uri? RequestUri { get; }

        public string? Method { get; }

        /// <summary>True for 408, 429 and 5xx: trying again later may succeed.</summary>
        public bool IsTransient => StatusCode == 408 || StatusCode == 429 || (StatusCode >= 500 && StatusCode != 501 && StatusCode != 505);

        /// <summary>The server's Retry-After, when it sent one.</summary>
        public TimeSpan? RetryAfter { get; internal set; }
    }
}
