using System;

namespace Imagen.Core
{
    /// <summary>Tuning for <see cref="ImagenClient"/>. The defaults suit production; tests shorten the delays.</summary>
    public sealed class ImagenClientOptions
    {
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

        /// <summary>First delay between status polls.</summary>
        public TimeSpan PollInitialInterval { get; set; } = TimeSpan.FromSeconds(5);

        /// <summary>Longest delay between status polls.</summary>
        public TimeSpan PollMaxInterval { get; set; } = TimeSpan.FromSeconds(30);

        /// <summary>Growth of the poll delay after each poll.</summary>
        public double PollBackoffFactor { get; set; } = 1.5;

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
                throw new ArgumentOutOfRangeException(nameof(ThrottleLimit), ThrottleLimit, "ThrottleLimit must be at least 1.");
            }

            if (PollBackoffFactor < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(PollBackoffFactor), PollBackoffFactor, "PollBackoffFactor must be 1 or more.");
            }

            return this;
        }
    }
}
