using System;
using System.Globalization;
using Imagen.PowerShell.Infrastructure;

namespace Imagen.PowerShell
{
    /// <summary>
    /// One connection or transfer setting as a command resolves it (Get-ImagenConnection lists them): its value and
    /// where the value came from (Parameter, Session for Connect-Imagen, Environment or Default).
    /// </summary>
    public sealed class ImagenSettingValue
    {
        internal ImagenSettingValue(ImagenSetting setting, object? value, ConnectionSource source)
        {
            Setting = setting;
            Value = value;
            Source = source;
        }

        internal ImagenSetting Setting { get; }

        /// <summary>The setting's name: the parameter that sets it (e.g. MaxRetryCount), or for a variable-only one its name in that style.</summary>
        public string Name => Setting.Name;

        /// <summary>The value in the parameter's unit (seconds for the *Sec settings, Mbit/s for MaximumBandwidth); null when not set (no cap, or automatic).</summary>
        public object? Value { get; }

        /// <summary>Where the value came from: Parameter, Session (Connect-Imagen), Environment or Default.</summary>
        public ConnectionSource Source { get; }

        /// <summary>The environment variable that sets it for scheduled tasks.</summary>
        public string EnvironmentVariable => Setting.Variable;

        /// <summary>The value as text, the same in every culture ("not set" for no cap or limit, "automatic" for ThrottleLimit).</summary>
        public string ValueText => Value is IFormattable number ? number.ToString(null, CultureInfo.InvariantCulture) : Value?.ToString() ?? Setting.NotSetText;

        public override string ToString() => $"{Name} = {ValueText} ({Source})";
    }
}
