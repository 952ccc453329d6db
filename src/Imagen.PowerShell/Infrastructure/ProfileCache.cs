using System;
using System.Collections.Generic;
using Imagen.Core;

namespace Imagen.PowerShell.Infrastructure
{
    /// <summary>
    /// The last profile list of a session connection. Tab completion reads it so that pressing Tab twice does not
    /// call the API twice; a minute later the list is fetched again (profiles are trained and published over time).
    /// </summary>
    internal sealed class ProfileCache
    {
        private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(1);
        private readonly object _gate = new object();
        private IReadOnlyList<ImagenProfile>? _profiles;
        private DateTime _fetchedAtUtc;

        public IReadOnlyList<ImagenProfile>? TryGet()
        {
            lock (_gate)
            {
                return _profiles is not null && DateTime.UtcNow - _fetchedAtUtc < Lifetime ? _profiles : null;
            }
        }

        public void Store(IReadOnlyList<ImagenProfile> profiles)
        {
            lock (_gate)
            {
                _profiles = profiles;
                _fetchedAtUtc = DateTime.UtcNow;
            }
        }
    }
}
