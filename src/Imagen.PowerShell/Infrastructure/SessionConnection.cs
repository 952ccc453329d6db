using System;
using System.Management.Automation.Runspaces;
using System.Runtime.CompilerServices;
using Imagen.Core;

namespace Imagen.PowerShell.Infrastructure
{
    /// <summary>
    /// The connection set by Connect-Imagen, one per PowerShell session (runspace): two sessions in one process,
    /// such as parallel jobs or tests, never see each other's key. The session keeps one client, so consecutive
    /// commands reuse its HTTP connections.
    /// </summary>
    internal sealed class SessionConnection : IDisposable
    {
        private static readonly ConditionalWeakTable<Runspace, Slot> Sessions = new ConditionalWeakTable<Runspace, Slot>();
        private static readonly Slot NoRunspaceSlot = new Slot();

        private readonly Lazy<ImagenClient> _client;

        public SessionConnection(ImagenConnectionSettings settings, ConnectionSource keySource = ConnectionSource.Session, ConnectionSource baseUrlSource = ConnectionSource.Session, double? maximumBandwidthMbps = null)
        {
            Settings = settings;
            MaximumBandwidthMbps = maximumBandwidthMbps;
            KeySource = keySource;
            BaseUrlSource = baseUrlSource;
            ConnectedAt = DateTimeOffset.Now;
            _client = new Lazy<ImagenClient>(() => new ImagenClient(settings, new ImagenClientOptions { MaximumBandwidthMbps = maximumBandwidthMbps }, CmdletLog.Instance));
        }

        public ImagenConnectionSettings Settings { get; }

        /// <summary>The cap given to Connect-Imagen -MaximumBandwidth (megabits per second), or null.</summary>
        public double? MaximumBandwidthMbps { get; }

        public DateTimeOffset ConnectedAt { get; }

        /// <summary>Where Connect-Imagen took the key from: Session (given to it) or Environment (IMAGEN_API_KEY).</summary>
        public ConnectionSource KeySource { get; }

        /// <summary>Where Connect-Imagen took the base URL from: Session (given to it), Environment or Default.</summary>
        public ConnectionSource BaseUrlSource { get; }

        /// <summary>How many profiles the key listed when Connect-Imagen checked it (null with -SkipValidation).</summary>
        public int? ProfileCount { get; set; }

        public ImagenClient Client => _client.Value;

        /// <summary>The profiles last listed through this connection, kept briefly for tab completion.</summary>
        public ProfileCache Profiles { get; } = new ProfileCache();

        /// <summary>The current session's connection, or null when Connect-Imagen has not been run.</summary>
        public static SessionConnection? Current
        {
            get => CurrentSlot.Connection;
            set
            {
                Slot slot = CurrentSlot;
                SessionConnection? previous = slot.Connection;
                slot.Connection = value;
                if (previous is not null && !ReferenceEquals(previous, value))
                {
                    previous.Dispose();
                }
            }
        }

        private static Slot CurrentSlot =>
            Runspace.DefaultRunspace is Runspace runspace ? Sessions.GetOrCreateValue(runspace) : NoRunspaceSlot;

        public void Dispose()
        {
            if (_client.IsValueCreated)
            {
                _client.Value.Dispose();
            }
        }

        private sealed class Slot
        {
            public SessionConnection? Connection { get; set; }
        }
    }
}
