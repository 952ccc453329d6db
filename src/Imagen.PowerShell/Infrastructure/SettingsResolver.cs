using System.Collections.Generic;
using System.Linq;
using Imagen.Core;
using Imagen.PowerShell.Errors;
using Variables = Imagen.Core.ImagenClientOptions.EnvironmentVariables;

namespace Imagen.PowerShell.Infrastructure
{
    /// <summary>
    /// The one place where the connection and transfer settings are resolved, each from the first place that has
    /// it: the command's parameter, then Connect-Imagen in this session, then its IMAGEN_* environment variable,
    /// then the default. A setting is one parameter of <see cref="ImagenSettingsCmdlet"/> and one line here.
    /// </summary>
    internal static class SettingsResolver
    {
        public static readonly IReadOnlyList<ImagenSetting> All = new[]
        {
            ImagenSetting.Of(c => c.MaxRetryCount, Variables.MaxRetryAttempts, o => o.MaxRetryAttempts),
            ImagenSetting.Of(c => c.RetryDelaySec, Variables.RetryBaseDelay, o => o.RetryBaseDelay),
            ImagenSetting.Of(c => c.UploadRetryWindowSec, Variables.UploadRetryWindow, o => o.UploadRetryWindow),
            ImagenSetting.Of(c => c.DownloadRetryWindowSec, Variables.DownloadRetryWindow, o => o.DownloadRetryWindow),
            ImagenSetting.Of(c => c.WaitTimeoutSec, Variables.WaitTimeout, o => o.WaitTimeout),
            ImagenSetting.Of(c => c.MaximumBandwidth, ImagenClientOptions.MaximumBandwidthVariable, o => o.MaximumBandwidthMbps)
                .ParsedBy((text, origin) => ImagenClientOptions.ParseMaximumBandwidth(text, origin), PowerShellErrorIds.InvalidBandwidth),
            ImagenSetting.Of(c => c.ThrottleLimit, Variables.ThrottleLimit, o => o.ThrottleLimit).NotSetMeans("automatic"),
            ImagenSetting.Of(c => c.QuietPeriodSec, Variables.QuietPeriod, o => o.QuietPeriod),
            ImagenSetting.Of(c => c.MaximumPhotoCount, Variables.MaximumPhotoCount, o => o.MaximumPhotoCount),

            // Tuning knobs with no parameter: only their variables set them.
            ImagenSetting.Seconds("RetryMaxDelaySec", Variables.RetryMaxDelay, o => o.RetryMaxDelay),
            ImagenSetting.Seconds("PollIntervalSec", Variables.PollInterval, o => o.PollInitialInterval),
            ImagenSetting.Seconds("PollMaxIntervalSec", Variables.PollMaxInterval, o => o.PollMaxInterval),
            ImagenSetting.Seconds("TransferIdleTimeoutSec", Variables.TransferIdleTimeout, o => o.TransferIdleTimeout),
        };

        /// <summary>
        /// The settings for a command: <paramref name="bound"/> are its bound parameters (any others are ignored),
        /// <paramref name="session"/> the values given to Connect-Imagen (null without a session). An environment
        /// variable that cannot be used stops the command with an error naming it.
        /// </summary>
        public static ResolvedSettings Resolve(IDictionary<string, object> bound, IReadOnlyDictionary<string, object>? session)
        {
            var defaults = new ImagenClientOptions();
            var values = new List<ImagenSettingValue>(All.Count);
            foreach (ImagenSetting setting in All)
            {
                if (setting.Parameter is not null && bound.TryGetValue(setting.Parameter, out object? given))
                {
                    values.Add(new ImagenSettingValue(setting, Unwrap(given), ConnectionSource.Parameter));
                }
                else if (session is not null && session.TryGetValue(setting.Name, out object? connected))
                {
                    values.Add(new ImagenSettingValue(setting, connected, ConnectionSource.Session));
                }
                else if (setting.ReadVariable() is object variable)
                {
                    values.Add(new ImagenSettingValue(setting, variable, ConnectionSource.Environment));
                }
                else
                {
                    values.Add(new ImagenSettingValue(setting, setting.DefaultIn(defaults), ConnectionSource.Default));
                }
            }

            return new ResolvedSettings(values);
        }

        /// <summary>The settings among a command's bound parameters (what Connect-Imagen keeps for the session).</summary>
        public static IReadOnlyDictionary<string, object> Given(IDictionary<string, object> bound) =>
            All.Where(s => s.Parameter is not null && bound.ContainsKey(s.Parameter))
                .ToDictionary(s => s.Name, s => Unwrap(bound[s.Parameter!]));

        private static object Unwrap(object value) => value is System.Management.Automation.PSObject wrapped ? wrapped.BaseObject : value;
    }
}
