namespace Imagen.PowerShell.Infrastructure
{
    /// <summary>Where a command found its API key, its base URL or one of its settings.</summary>
    public enum ConnectionSource
    {
        /// <summary>The command's own parameter (-ApiKey, -BaseUrl, -MaxRetryCount...).</summary>
        Parameter,

        /// <summary>Connect-Imagen in this session.</summary>
        Session,

        /// <summary>An IMAGEN_* environment variable (IMAGEN_API_KEY, IMAGEN_BASE_URL, IMAGEN_MAX_RETRIES...).</summary>
        Environment,

        /// <summary>The default (for the base URL: production, https://api.imagen-ai.com/v1).</summary>
        Default,

        /// <summary>Nowhere: no API key has been given.</summary>
        None,
    }
}
