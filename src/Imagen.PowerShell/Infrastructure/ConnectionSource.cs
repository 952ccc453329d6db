namespace Imagen.PowerShell.Infrastructure
{
    /// <summary>Where a command found its API key or base URL.</summary>
    public enum ConnectionSource
    {
        /// <summary>The command's own -ApiKey or -BaseUrl parameter.</summary>
        Parameter,

        /// <summary>Connect-Imagen in this session.</summary>
        Session,

        /// <summary>The IMAGEN_API_KEY or IMAGEN_BASE_URL environment variable.</summary>
        Environment,

        /// <summary>The default: production, https://api.imagen-ai.com/v1.</summary>
        Default,

        /// <summary>Nowhere: no API key has been given.</summary>
        None,
    }
}
