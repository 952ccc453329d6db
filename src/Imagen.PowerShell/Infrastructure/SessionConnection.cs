using System;
using System.Collections.Generic;
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

        private readonly object _gate = new object();
        private ImagenClient? _client;
        private string? _clientSignature;

        public SessionConnection(ImagenConnectionSettings settings, ConnectionSource keySource = ConnectionSource.Session, ConnectionSource baseUrlSource = ConnectionSource.Session, IReadOnlyDictionary<string, object>? givenSettings = null)
        {
            Settings = settings;
            GivenSettings = givenSettings ?? new Dictionary<string, object>();
            KeySource = keySource;
            BaseUrlSource = baseUrlSource;
            ConnectedAt = DateTimeOffset.Now;
        }

        public ImagenConnectionSettings Settings { get; }

        /// <summary>The connection and transfer settings given to Connect-Imagen (by setting name), which later commands use.</summary>
        public IReadOnlyDictionary<string, object> GivenSettings { get; }

        public DateTimeOffset ConnectedAt { get; }

        /// <summary>Where Connect-Imagen took the key from: Session (given to it) or Environment (IMAGEN_API_KEY).</summary>
        public ConnectionSource KeySource { get; }

        /// <summary>Where Connect-Imagen took the base URL from: Session (given to it), Environment or Default.</summary>
        public ConnectionSource BaseUrlSource { get; }

        /// <summary>How many profiles the key listed when Connect-Imagen checked it (null with -SkipValidation).</summary>
        public int? ProfileCount { get; set; }

        /// <summary>
        /// The session's client, which consecutive commands share (and its HTTP connections), made on first use with
        /// the session's settings (Connect-Imagen's, then the environment, then the defaults). Null for a command whose
        /// <paramref name="settings"/> differ (its own parameters, or a variable changed since): it needs its own.
        /// </summary>
        public ImagenClient? ClientFor(ResolvedSettings settings)
        {
            lock (_gate)
            {
                if (_client is null)
                {
                    ResolvedSettings own = SettingsResolver.Resolve(new Dictionary<string, object>(), GivenSettings);
                    _client = new ImagenClient(Settings, own.ToOptions(), CmdletLog.Instance);
                    _clientSignature = own.Signature;
                }

                return _clientSignature == settings.Signature ? _client : null;
            }
        }

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
            lock (_gate)
            {
                _client?.Dispose();
            }
        }

        private sealed class Slot
        {
            public SessionConnection? Connection { get; set; }
        }
    }
}
