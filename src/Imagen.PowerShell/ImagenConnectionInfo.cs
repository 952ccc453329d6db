using System;
using System.Collections.Generic;
using System.Linq;
using Imagen.PowerShell.Infrastructure;

namespace Imagen.PowerShell
{
    /// <summary>
    /// What Connect-Imagen -PassThru and Get-ImagenConnection show: where commands will send requests, where the key
    /// comes from, and the connection and transfer settings commands will use. It never holds the key itself.
    /// </summary>
    public sealed class ImagenConnectionInfo
    {
        internal ImagenConnectionInfo(Uri baseUrl, ConnectionSource apiKeySource, ConnectionSource baseUrlSource, DateTimeOffset? connectedAt, int? profileCount, ResolvedSettings settings)
        {
            Settings = settings.Values;
            BaseUrl = baseUrl;
            ApiKeySource = apiKeySource;
            BaseUrlSource = baseUrlSource;
            ConnectedAt = connectedAt;
            ProfileCount = profileCount;
        }

        /// <summary>The session's connection as Connect-Imagen made it.</summary>
        internal static ImagenConnectionInfo For(SessionConnection session, ResolvedSettings settings) =>
            new ImagenConnectionInfo(session.Settings.BaseUrl, session.KeySource, session.BaseUrlSource, session.ConnectedAt, session.ProfileCount, settings);

        /// <summary>The API's base URL, e.g. https://api.imagen-ai.com/v1.</summary>
        public Uri BaseUrl { get; }

        /// <summary>Where the API key comes from (Session, Environment, or None when there is no key).</summary>
        public ConnectionSource ApiKeySource { get; }

        public ConnectionSource BaseUrlSource { get; }

        /// <summary>True when Connect-Imagen set this connection for the session.</summary>
        public bool IsConnected => ConnectedAt.HasValue;

        /// <summary>When Connect-Imagen ran (null for the environment variables).</summary>
        public DateTimeOffset? ConnectedAt { get; }

        /// <summary>How many profiles the key could list when Connect-Imagen checked it (null when not checked).</summary>
        public int? ProfileCount { get; }

        /// <summary>
        /// The settings a command without parameters of its own uses: each with its value and where it comes from
        /// (Session for Connect-Imagen, Environment for its IMAGEN_* variable, or Default).
        /// </summary>
        public IReadOnlyList<ImagenSettingValue> Settings { get; }

        /// <summary>One setting by name, e.g. MaximumBandwidth; null for a name that is not a setting.</summary>
        public ImagenSettingValue? this[string name] => Settings.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase));

        public override string ToString() => BaseUrl + " (API key from " + ApiKeySource + ")";
    }
}
