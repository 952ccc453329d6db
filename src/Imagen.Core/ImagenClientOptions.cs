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

        /// <summary>Concurrent uploads and downloads.</summary>
        public int ThrottleLimit { get; set; } = 5;

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

        internal ImagenClientOptions Validated()
        {
            if (MaxRetryAttempts < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(MaxRetryAttempts), MaxRetryAttempts, "MaxRetryAttempts cannot be negative.");
            }

            if (ThrottleLimit < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(ThrottleLimit), ThrottleLimit, "ThrottleLimit must be at least 1.");
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
