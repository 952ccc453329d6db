using System;
using System.Globalization;
using System.IO;
using System.Net.Http;
using System.Threading.Tasks;
using Polly;
using Polly.Retry;

namespace Imagen.Core
{
    /// <summary>
    /// Builds the one Polly pipeline every call goes through: exponential backoff with jitter for 408, 429, 5xx,
    /// dropped connections and stalls, honouring Retry-After, and logging each decision at Debug.
    /// </summary>
    internal static class RetryPipelineFactory
    {
        /// <summary>What is being retried, for the log ("GET /v1/profiles/", "PUT IMG_0001.CR2").</summary>
        public static readonly ResiliencePropertyKey<string> OperationKey = new ResiliencePropertyKey<string>("imagen.operation");

        public static ResiliencePipeline Create(ImagenClientOptions options, IImagenLog log)
        {
            var builder = new ResiliencePipelineBuilder();
            if (options.MaxRetryAttempts > 0)
            {
                builder.AddRetry(new RetryStrategyOptions
                {
                    ShouldHandle = new PredicateBuilder()
                        .Handle<ImagenApiException>(e => e.IsTransient && !(e is ImagenAuthenticationException))
                        .Handle<HttpRequestException>()
                        .Handle<IOException>()
                        .Handle<TimeoutException>(),
                    MaxRetryAttempts = options.MaxRetryAttempts,
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    Delay = options.RetryBaseDelay,
                    MaxDelay = options.RetryMaxDelay,
                    DelayGenerator = args =>
                    {
                        if (args.Outcome.Exception is ImagenApiException { RetryAfter: TimeSpan retryAfter })
                        {
                            var honoured = retryAfter < TimeSpan.Zero ? TimeSpan.Zero : retryAfter > options.MaxRetryAfter ? options.MaxRetryAfter : retryAfter;
                            return new ValueTask<TimeSpan?>(honoured);
                        }

                        return new ValueTask<TimeSpan?>((TimeSpan?)null);
                    },
                    OnRetry = args =>
                    {
                        var operation = args.Context.Properties.GetValue(OperationKey, "request");
                        var viaRetryAfter = args.Outcome.Exception is ImagenApiException { RetryAfter: TimeSpan } ? " (the server's Retry-After)" : string.Empty;
                        log.Debug(string.Format(
                            CultureInfo.InvariantCulture,
                            "Retry {0} of {1} for {2} in {3:0.###} s{4}: {5}",
                            args.AttemptNumber + 1,
                            options.MaxRetryAttempts,
                            operation,
                            args.RetryDelay.TotalSeconds,
                            viaRetryAfter,
                            Describe(args.Outcome.Exception)));
                        return default;
                    },
                });
            }

            return builder.Build();
        }

        private static string Describe(Exception? exception)
        {
            switch (exception)
            {
                case null:
                    return "no error";
                case ImagenApiException api:
                    return $"status {api.StatusCode}: {api.ServerMessage}";
                default:
                    return exception.GetType().Name + ": " + exception.Message;
            }
        }
    }
}
