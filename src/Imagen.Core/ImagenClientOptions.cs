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

        /// <summary>Files per upload-link request: links are asked for in small batches just before use.</summary>
        public int UploadLinkBatchSize { get; set; } = 20;

        /// <summary>
        /// How long a run waits for an accepted (billed) edit and its export, through any outage of the status route.
        /// When it passes, the run stops and says how to collect the project later.
        /// </summary>
        public TimeSpan WaitTimeout { get; set; } = TimeSpan.FromHours(24);

        /// <summary>Environment variables that set the options (read by <see cref="ApplyEnvironment"/>).</summary>
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

            /// <summary><see cref="WaitTimeout"/> in seconds.</summary>
            public const string WaitTimeout = "IMAGEN_WAIT_TIMEOUT_SEC";

            /// <summary><see cref="PollInitialInterval"/> in seconds.</summary>
            public const string PollInterval = "IMAGEN_POLL_INTERVAL_SEC";

            /// <summary><see cref="PollMaxInterval"/> in seconds.</summary>
            public const string PollMaxInterval = "IMAGEN_POLL_MAX_INTERVAL_SEC";

            /// <summary><see cref="TransferIdleTimeout"/> in seconds.</summary>
            public const string TransferIdleTimeout = "IMAGEN_TRANSFER_IDLE_TIMEOUT_SEC";
        }

        /// <summary>
        /// Applies the IMAGEN_* tuning variables that are set (see <see cref="EnvironmentVariables"/>), so a
        /// scheduled task can tune retries without changing its command. A value that does not parse as a
        /// non-negative number is an error naming the variable.
        /// </summary>
        public ImagenClientOptions ApplyEnvironment()
        {
            MaxRetryAttempts = (int)(ReadNumber(EnvironmentVariables.MaxRetryAttempts, wholeNumber: true) ?? MaxRetryAttempts);
            RetryBaseDelay = ReadSeconds(EnvironmentVariables.RetryBaseDelay) ?? RetryBaseDelay;
            RetryMaxDelay = ReadSeconds(EnvironmentVariables.RetryMaxDelay) ?? RetryMaxDelay;
            UploadRetryWindow = ReadSeconds(EnvironmentVariables.UploadRetryWindow) ?? UploadRetryWindow;
            WaitTimeout = ReadSeconds(EnvironmentVariables.WaitTimeout) ?? WaitTimeout;
            PollInitialInterval = ReadSeconds(EnvironmentVariables.PollInterval) ?? PollInitialInterval;
            PollMaxInterval = ReadSeconds(EnvironmentVariables.PollMaxInterval) ?? PollMaxInterval;
            TransferIdleTimeout = ReadSeconds(EnvironmentVariables.TransferIdleTimeout) ?? TransferIdleTimeout;
            return this;
        }

        /// <summary>A copy (the client keeps its own).</summary>
        public ImagenClientOptions Clone() => (ImagenClientOptions)MemberwiseClone();

        /// <summary>One line for -Debug: every retry, backoff and timeout setting in force.</summary>
        public string Describe() => string.Format(
            System.Globalization.CultureInfo.InvariantCulture,
            "Retries {0} (backoff {1:0.###} s to {2:0.###} s, Retry-After up to {3:0} s); upload retry window {4:0} s; links {5} per request; transfer idle timeout {6:0} s; API request timeout {7:0} s; polls every {8:0.###} s to {9:0.###} s (x{10}); wait timeout {11:0} s; transfers at a time: {12}.",
            MaxRetryAttempts, RetryBaseDelay.TotalSeconds, RetryMaxDelay.TotalSeconds, MaxRetryAfter.TotalSeconds, UploadRetryWindow.TotalSeconds, UploadLinkBatchSize,
            TransferIdleTimeout.TotalSeconds, ApiRequestTimeout.TotalSeconds, PollInitialInterval.TotalSeconds, PollMaxInterval.TotalSeconds, PollBackoffFactor, WaitTimeout.TotalSeconds, ThrottleLimit?.ToString(CultureInfo.InvariantCulture) ?? "automatic");

        private static TimeSpan? ReadSeconds(string variable)
        {
            var seconds = ReadNumber(variable, wholeNumber: false);
            return seconds.HasValue ? TimeSpan.FromSeconds(seconds.Value) : (TimeSpan?)null;
        }

        private static double? ReadNumber(string variable, bool wholeNumber)
        {
            var text = Environment.GetEnvironmentVariable(variable);
            if (string.IsNullOrWhiteSpace(text))
            {
                return null;
            }

            if (!double.TryParse(text.Trim(), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var value)
                || value < 0 || double.IsInfinity(value) || (wholeNumber && (value != Math.Floor(value) || value > int.MaxValue)))
            {
                throw new ArgumentException($"The environment variable {variable} is '{text}'; give a non-negative {(wholeNumber ? "whole number" : "number of seconds")}, or remove it.");
            }

            return value;
        }
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
