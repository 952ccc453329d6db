using System.Management.Automation;

namespace Imagen.PowerShell.Infrastructure
{
    /// <summary>
    /// The connection and transfer settings, declared once for Connect-Imagen and every cmdlet that talks to the
    /// service (binary cmdlets inherit [Parameter] properties). Each is resolved in one place,
    /// <see cref="SettingsResolver"/>: the command's parameter, else Connect-Imagen's, else its IMAGEN_* environment
    /// variable, else the default. Get-ImagenConnection shows the values in force and where each came from.
    /// Adding a setting: declare its parameter here and add its line to <see cref="SettingsResolver"/>.
    /// </summary>
    public abstract class ImagenSettingsCmdlet : AsyncCmdlet
    {
        /// <summary>Retries of each HTTP call after a transient failure (408, 429, 5xx, a dropped connection); 0 for a
        /// single attempt. Default: 5, or what Connect-Imagen or IMAGEN_MAX_RETRIES sets.</summary>
        [Parameter]
        [ValidateRange(0, 100)]
        public int MaxRetryCount { get; set; }

        /// <summary>First delay in seconds between retries (it doubles, with jitter, up to 30 s). Default: 1, or what
        /// Connect-Imagen or IMAGEN_RETRY_DELAY_SEC sets.</summary>
        [Parameter]
        [ValidateRange(0.0, 600.0)]
        public double RetryDelaySec { get; set; }

        /// <summary>Seconds a file whose upload keeps failing is tried again, from its first failure. Default: 300, or
        /// what Connect-Imagen or IMAGEN_UPLOAD_RETRY_WINDOW_SEC sets.</summary>
        [Parameter]
        [ValidateRange(0, int.MaxValue)]
        public int UploadRetryWindowSec { get; set; }

        /// <summary>Seconds a result whose download keeps failing (an outage, dropped connections, expired links) is tried
        /// again, from its first failure. A full or read-only disk is not retried: the save stops with one error saying
        /// what to do. Default: 300, or what Connect-Imagen or IMAGEN_DOWNLOAD_RETRY_WINDOW_SEC sets.</summary>
        [Parameter]
        [ValidateRange(0, int.MaxValue)]
        public int DownloadRetryWindowSec { get; set; }

        /// <summary>Seconds to wait for a (billed) edit or export, through any outage. When it passes, the project stays
        /// billed and the same command collects it later. Default: 86400 (24 h), or what Connect-Imagen or
        /// IMAGEN_WAIT_TIMEOUT_SEC sets.</summary>
        [Parameter]
        [ValidateRange(1, int.MaxValue)]
        public int WaitTimeoutSec { get; set; }

        /// <summary>
        /// Caps uploads and downloads at this many megabits per second, all files of a command together (e.g. 50).
        /// Default: no cap, or what Connect-Imagen or IMAGEN_MAX_BANDWIDTH_MBPS sets.
        /// </summary>
        [Parameter]
        [ValidateRange(1.0, 100000.0)]
        public double MaximumBandwidth { get; set; }

        /// <summary>How many files (or parts of a large file) upload or download at once, fixed. Unset, the number is
        /// chosen as the files move: a few at first, more while the rate grows, fewer on 429/503, connection errors or a
        /// filled -MaximumBandwidth (-Verbose tells each change). Default: automatic, or what Connect-Imagen or
        /// IMAGEN_THROTTLE_LIMIT sets.</summary>
        [Parameter]
        [ValidateRange(1, 64)]
        public int ThrottleLimit { get; set; }

        /// <summary>Seconds a photo must be left unwritten before Invoke-ImagenEdit sends it (a newer one may still be being
        /// copied, and waits for a later run); 0 turns the wait off. Default: 120, or what Connect-Imagen or
        /// IMAGEN_QUIET_PERIOD_SEC sets.</summary>
        [Parameter]
        [ValidateRange(0, 86400)]
        public int QuietPeriodSec { get; set; }

        /// <summary>The most photos one Invoke-ImagenEdit may send to edits (billed); one that would send more stops before
        /// anything is created, saying how many. Default: no limit, or what Connect-Imagen or IMAGEN_MAX_PHOTOS_PER_RUN
        /// sets.</summary>
        [Parameter]
        [ValidateRange(1, int.MaxValue)]
        public int MaximumPhotoCount { get; set; }
    }
}
