using Imagen.Core;

namespace Imagen.PowerShell.Infrastructure
{
    /// <summary>The settings a command will use, and where each half came from (for -Verbose and error messages).</summary>
    internal sealed class ResolvedConnection
    {
        public ResolvedConnection(ImagenConnectionSettings settings, ConnectionSource keySource, ConnectionSource baseUrlSource, SessionConnection? session)
        {
            Settings = settings;
            KeySource = keySource;
            BaseUrlSource = baseUrlSource;
            Session = session;
        }

        public ImagenConnectionSettings Settings { get; }

        public ConnectionSource KeySource { get; }

        public ConnectionSource BaseUrlSource { get; }

        /// <summary>The session connection when the command uses it unchanged (its client can be reused).</summary>
        public SessionConnection? Session { get; }
    }
}
