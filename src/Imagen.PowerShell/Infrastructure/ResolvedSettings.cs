using System;
using System.Collections.Generic;
using System.Linq;
using Imagen.Core;

namespace Imagen.PowerShell.Infrastructure
{
    /// <summary>Every setting of one command (or of Get-ImagenConnection), resolved, and the client options they make.</summary>
    internal sealed class ResolvedSettings
    {
        public ResolvedSettings(IReadOnlyList<ImagenSettingValue> values)
        {
            Values = values;
        }

        public IReadOnlyList<ImagenSettingValue> Values { get; }

        /// <summary>
        /// The client's options: the defaults, with each setting that something set. A setting left at its default is
        /// not assigned, so a default of "none" or "automatic" stays that.
        /// </summary>
        public ImagenClientOptions ToOptions()
        {
            var options = new ImagenClientOptions();
            foreach (ImagenSettingValue value in Values.Where(v => v.Source != ConnectionSource.Default && v.Value is not null))
            {
                value.Setting.Apply(options, value.Value!);
            }

            return options;
        }

        /// <summary>Equal for two resolutions that make the same client (so a command can share the session's).</summary>
        public string Signature => string.Join(";", Values.Select(v => v.Name + "=" + v.ValueText));

        /// <summary>For -Verbose: the settings something set, with where from; empty when all are defaults.</summary>
        public string DescribeChanges() =>
            string.Join(", ", Values.Where(v => v.Source != ConnectionSource.Default).Select(v => v.ToString()));
    }
}
