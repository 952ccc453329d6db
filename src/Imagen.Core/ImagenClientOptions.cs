using System;
using System.Globalization;

namespace Imagen.Core
{
    /// <summary>Tuning for <see cref="ImagenClient"/>. The defaults suit production; tests shorten the delays.</summary>
    public sealed class ImagenClientOptions
    {
        /// <summary>Environment variable holding a default bandwidth cap in megabits per second (optional).</summary>
        public const string MaximumBandwidthVariable = "IMAGEN_MAX_BANDWIDTH_MBPS";

        /// <summary>Retries after the first attempt for transient failures (408, 429, 5xx, dropped connections).</summary>
        public int MaxRetryAttempts { get; set; } = 5;

        /// <summary>First backoff delay; later ones grow exponentially, with jitter.</summary>
        public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

        /// <summary>Longest backoff delay between two attempts (not applied to a server's Retry-After).</summary>
        public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromSeconds(30);

        /// <summary>Longest Retry-After honoured; a longer one is shortened to this.</summary>
        public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromMinutes(5);

        /// <summary>Per-attempt limit for small API calls (not for transfers).</summary>
        public TimeSpan ApiRequestTimeout { get; set; } = TimeSpan.FromSeconds(100);

        /// <summary>Transfers have no overall limit; one is abandoned (and retried) when no byte moves for this long.</summary>
        public TimeSpan TransferIdleTimeout { get; set; } = TimeSpan.FromMinutes(2);

        /// <summary>
        /// Concurrent uploads and downloads. Null (the default) is automatic: each upload or download starts with a
        /// few connections, adds connections while the total rate still grows, stops adding when it plateaus, and backs
        /// off on 429/503 from storage, on connection errors and when <see cref="MaximumBandwidthMbps"/> is the limit,
        /// never above 64; -Verbose tells each change. A number fixes the concurrency exactly (the parts of a
        /// multipart upload too: when automatic, at most 5 parts are in flight, each held in memory).
        /// </summary>
        public int? ThrottleLimit { get; set; }

        /// <summary>Declare each file's MD5 and send Content-MD5, so storage verifies every byte.</summary>
        public bool UseContentMd5 { get; set; } = true;

        /// <summary>
        /// Cap on storage traffic in megabits per second (as azcopy's --cap-mbps), shared by all concurrent uploads
        /// and downloads of the client; null for no cap. At least 1.
        /// </summary>
        public double? MaximumBandwidthMbps { get; set; }

        /// <summary>First delay between status polls.</summary>
        public TimeSpan PollInitialInterval { get; set; } = TimeSpan.FromSeconds(5);

        /// <summary>Longest delay between status polls.</summary>
        public TimeSpan PollMaxInterval { get; set; } = TimeSpan.FromSeconds(30);

        /// <summary>Growth of the poll delay after each poll.</summary>
        public double PollBackoffFactor { get; set; } = 1.5;

        /// <summary>
        /// How long a file whose upload keeps failing transiently (5xx, 429, dropped connections, refused links) is
        /// tried again, counted from its first failure; long enough to ride out a storage outage of a few minutes.
        /// </summary>
        public TimeSpan UploadRetryWindow { get; set; } = TimeSpan.FromMinutes(5);

        /// <summary>
        /// How long a result whose download keeps failing transiently (5xx, 429, dropped or silent connections,
        /// refused links) is tried again, counted from its first failure. A local write error (disk full, read-only)
        /// is never retried: it stops the save.
        /// </summary>
        public TimeSpan DownloadRetryWindow { get; set; } = TimeSpan.FromMinutes(5);

        /// <summary>Files per upload-link request: links are asked for in small batches just before use.</summary>
        public int UploadLinkBatchSize { get; set; } = 20;

        /// <summary>
        /// How long a run waits for an accepted (billed) edit and its export, through any outage of the status route.
        /// When it passes, the run stops and says how to collect the project later.
        /// </summary>
        public TimeSpan WaitTimeout { get; set; } = TimeSpan.FromHours(24);

        /// <summary>
        /// A photo written less than this long ago may still be being copied (a card copying at night): Invoke-ImagenEdit
        /// leaves it for a later run. Zero turns the wait off.
        /// </summary>
        public TimeSpan QuietPeriod { get; set; } = TimeSpan.FromSeconds(120);

        /// <summary>
        /// The most photos one Invoke-ImagenEdit may send to edits (billed); a command that would send more stops
        /// before anything is created. Null for no limit.
        /// </summary>
        public int? MaximumPhotoCount { get; set; }

        /// <summary>
        /// The environment variables that set the options for the PowerShell module (its settings resolver reads them,
        /// after the command's parameters and Connect-Imagen's), so a scheduled task can tune a run without changing
        /// its command.
        /// </summary>
        public static class EnvironmentVariables
        {
            /// <summary><see cref="MaxRetryAttempts"/>, a whole number.</summary>
            public const string MaxRetryAttempts = "IMAGEN_MAX_RETRIES";

            /// <summary><see cref="RetryBaseDelay"/> in seconds.</summary>
            public const string RetryBaseDelay = "IMAGEN_RETRY_DELAY_SEC";

            /// <summary><see cref="RetryMaxDelay"/> in seconds.</summary>
            public const string RetryMaxDelay = "IMAGEN_RETRY_MAX_DELAY_SEC";

            /// <summary><see cref="UploadRetryWindow"/> in seconds.</summary>
            public const string UploadRetryWindow = "IMAGEN_UPLOAD_RETRY_WINDOW_SEC";

            /// <summary><see cref="DownloadRetryWindow"/> in seconds.</summary>
            public const string DownloadRetryWindow = "IMAGEN_DOWNLOAD_RETRY_WINDOW_SEC";

            /// <summary><see cref="WaitTimeout"/> in seconds.</summary>
            public const string WaitTimeout = "IMAGEN_WAIT_TIMEOUT_SEC";

            /// <summary><see cref="PollInitialInterval"/> in seconds.</summary>
            public const string PollInterval = "IMAGEN_POLL_INTERVAL_SEC";

            /// <summary><see cref="PollMaxInterval"/> in seconds.</summary>
            public const string PollMaxInterval = "IMAGEN_POLL_MAX_INTERVAL_SEC";

            /// <summary><see cref="TransferIdleTimeout"/> in seconds.</summary>
            public const string TransferIdleTimeout = "IMAGEN_TRANSFER_IDLE_TIMEOUT_SEC";

            /// <summary><see cref="ThrottleLimit"/>, a whole number.</summary>
            public const string ThrottleLimit = "IMAGEN_THROTTLE_LIMIT";

            /// <summary><see cref="QuietPeriod"/> in seconds (0 turns it off).</summary>
            public const string QuietPeriod = "IMAGEN_QUIET_PERIOD_SEC";

            /// <summary><see cref="MaximumPhotoCount"/>, a whole number.</summary>
            public const string MaximumPhotoCount = "IMAGEN_MAX_PHOTOS_PER_RUN";
        }

        /// <summary>A copy (the client keeps its own).</summary>
        public ImagenClientOptions Clone() => (ImagenClientOptions)MemberwiseClone();

        /// <summary>One line for -Debug: every retry, backoff and timeout setting in force.</summary>
        public string Describe() => string.Format(
            System.Globalization.CultureInfo.InvariantCulture,
            "Retries {0} (backoff {1:0.###} s to {2:0.###} s, Retry-After up to {3:0} s); upload retry window {4:0} s; download retry window {15:0} s; links {5} per request; transfer idle timeout {6:0} s; API request timeout {7:0} s; polls every {8:0.###} s to {9:0.###} s (x{10}); wait timeout {11:0} s; transfers at a time: {12}; quiet period {13:0} s; {14}.",
            MaxRetryAttempts, RetryBaseDelay.TotalSeconds, RetryMaxDelay.TotalSeconds, MaxRetryAfter.TotalSeconds, UploadRetryWindow.TotalSeconds, UploadLinkBatchSize,
            TransferIdleTimeout.TotalSeconds, ApiRequestTimeout.TotalSeconds, PollInitialInterval.TotalSeconds, PollMaxInterval.TotalSeconds, PollBackoffFactor, WaitTimeout.TotalSeconds, ThrottleLimit?.ToString(CultureInfo.InvariantCulture) ?? "automatic",
            QuietPeriod.TotalSeconds, MaximumPhotoCount is int most ? $"at most {most} photos to edits per command" : "no photo budget", DownloadRetryWindow.TotalSeconds);

        /// <summary>Smart Editing files larger than this go up as a multipart upload (imagen-api.md §4.4). Default 64 MiB.</summary>
        public long MultipartThreshold { get; set; } = 64L * 1024 * 1024;

        /// <summary>Bytes per part of a multipart upload (at least 5 MiB, storage's minimum). Default 64 MiB.</summary>
        public long MultipartPartSize { get; set; } = 64L * 1024 * 1024;

        /// <summary>The smallest part storage accepts (all but the last part).</summary>
        public const long MinimumPartSize = 5L * 1024 * 1024;

        internal ImagenClientOptions Validated()
        {
            if (MultipartPartSize < MinimumPartSize)
            {
                throw new ArgumentOutOfRangeException(nameof(MultipartPartSize), MultipartPartSize, "MultipartPartSize must be at least 5 MiB (5242880 bytes), storage's minimum part size.");
            }

            if (MultipartThreshold < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(MultipartThreshold), MultipartThreshold, "MultipartThreshold must be positive.");
            }

            if (MaxRetryAttempts < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(MaxRetryAttempts), MaxRetryAttempts, "MaxRetryAttempts cannot be negative.");
            }

            if (ThrottleLimit < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(ThrottleLimit), ThrottleLimit, "ThrottleLimit must be at least 1 (or null for automatic).");
            }

            if (UploadLinkBatchSize < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(UploadLinkBatchSize), UploadLinkBatchSize, "UploadLinkBatchSize must be at least 1.");
            }

            if (PollBackoffFactor < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(PollBackoffFactor), PollBackoffFactor, "PollBackoffFactor must be 1 or more.");
            }

            if (MaximumBandwidthMbps is double cap && !(cap >= BandwidthLimiter.MinimumMbps && cap <= BandwidthLimiter.MaximumMbps))
            {
                throw new ArgumentOutOfRangeException(nameof(MaximumBandwidthMbps), cap, BandwidthLimiter.Describe(cap));
            }

            return this;
        }

        /// <summary>
        /// Reads a cap in megabits per second as a user writes it (e.g. "50" or "12.5"), naming
        /// <paramref name="origin"/> in the error when it is not a number in the allowed range.
        /// </summary>
        public static double ParseMaximumBandwidth(string value, string origin)
        {
            var text = (value ?? string.Empty).Trim();
            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var cap) || !(cap >= BandwidthLimiter.MinimumMbps && cap <= BandwidthLimiter.MaximumMbps))
            {
                throw new ArgumentException($"{origin} is '{text}', which is not a bandwidth cap: give a number of megabits per second {BandwidthLimiter.Range}, e.g. 50 (or leave it unset for no cap).");
            }

            return cap;
        }
    }
}
