using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Polly;

namespace Imagen.Core
{
    /// <summary>
    /// The wire: one HttpClient for the API (the only one that ever carries x-api-key, and only to the base URL's
    /// host) and one for storage links (never the key), both without a global timeout, plus the retry pipeline.
    /// </summary>
    internal sealed class ImagenHttp : IDisposable
    {
        private const int MaxRedirects = 5;

        private readonly ImagenConnectionSettings _settings;
        private readonly ImagenClientOptions _options;
        private readonly IImagenLog _log;
        private readonly HttpClient _api;

        public ImagenHttp(ImagenConnectionSettings settings, ImagenClientOptions options, IImagenLog log)
        {
            _settings = settings;
            _options = options;
            _log = log;
            UserAgent = "Imagen-PowerShell/" + ProductVersion();
            _api = CreateClient(allowRedirects: false, Math.Max((options.ThrottleLimit ?? 5) * 2, 10));

            // Transfers take a per-call throttle (up to 64 from the cmdlets, or the automatic concurrency's) that this
            // pool cannot know in advance. A transfer queued for a pooled connection would already be running down its
            // idle timeout, so storage gets a connection per transfer; the caller's concurrency gate bounds them.
            Limiter = options.MaximumBandwidthMbps is double cap ? new BandwidthLimiter(cap) : null;
            Storage = CreateClient(allowRedirects: true, int.MaxValue, Limiter);
            Pipeline = RetryPipelineFactory.Create(options, log);
        }

        public string UserAgent { get; }

        /// <summary>For signed storage links: no API key, ever.</summary>
        public HttpClient Storage { get; }

        /// <summary>The bandwidth cap every storage transfer pays through; null without a cap.</summary>
        public BandwidthLimiter? Limiter { get; }

        public ResiliencePipeline Pipeline { get; }

        public IImagenLog Log => _log;

        public ImagenClientOptions Options => _options;

        public ImagenConnectionSettings Settings => _settings;

        /// <summary>
        /// Sends an API call and returns its unwrapped JSON payload (default when the body is empty). With
        /// <paramref name="retry"/>, transient failures are retried; without, the first failure is thrown as is (for
        /// the billable and non-idempotent calls, whose callers decide what a failure means).
        /// </summary>
        public async Task<JsonElement> SendAsync(HttpMethod method, string relativePath, ApiBody body, bool retry, CancellationToken cancellationToken)
        {
            var operation = method.Method + " " + ShownPath(_settings.Resolve(relativePath));
            try
            {
                if (!retry)
                {
                    return await SendOnceAsync(method, relativePath, body, cancellationToken).ConfigureAwait(false);
                }

                return await ExecuteAsync(operation, token => SendOnceAsync(method, relativePath, body, token), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (IsTransport(ex) && !cancellationToken.IsCancellationRequested)
            {
                throw new ImagenConnectionException($"Could not complete {operation} on {_settings.BaseUrl.Host}: {Redact(ex.Message)}", ex);
            }
        }

        /// <summary>Runs <paramref name="action"/> through the retry pipeline, naming it in retry log lines.</summary>
        public async Task<T> ExecuteAsync<T>(string operation, Func<CancellationToken, Task<T>> action, CancellationToken cancellationToken)
        {
            var context = ResilienceContextPool.Shared.Get(cancellationToken);
            context.Properties.Set(RetryPipelineFactory.OperationKey, operation);
            try
            {
                return await Pipeline.ExecuteAsync(
                    async (ctx, state) => await state(ctx.CancellationToken).ConfigureAwait(false),
                    context,
                    action).ConfigureAwait(false);
            }
            finally
            {
                ResilienceContextPool.Shared.Return(context);
            }
        }

        public static bool IsTransport(Exception ex) => ex is HttpRequestException || ex is IOException || ex is TimeoutException;

        /// <summary>A storage link for logs and messages: the signature (query string) is a credential, so it is left out.</summary>
        public static string DisplayLink(Uri link) => link.GetLeftPart(UriPartial.Path);

        /// <summary>
        /// Removes the API key from text a server sent (a body, a reason phrase, a redirect target) before it reaches
        /// a message, an exception or a log: a server that echoes request headers must not make the key visible.
        /// </summary>
        public string Redact(string? text) => _settings.ApiKey.Redact(text);

        /// <summary>An API address's path as messages and logs show it: redacted, as a key pasted into the base URL would be in it.</summary>
        private string ShownPath(Uri uri) => Redact(uri.AbsolutePath);

        /// <summary>An API address as errors carry it (an error record's TargetObject) and logs show it: redacted likewise.</summary>
        private Uri Shown(Uri uri) => new Uri(Redact(uri.ToString()));

        /// <summary>Builds the error for a failed response, from whichever error dialect the server speaks.</summary>
        public ImagenApiException CreateError(string method, Uri uri, HttpResponseMessage response, string? body, bool isStorage)
        {
            var status = (int)response.StatusCode;
            var reason = Redact(response.ReasonPhrase);
            var serverMessage = Redact(ApiErrorParser.Extract(Redact(body), reason, status));
            var where = isStorage ? "storage link " + DisplayLink(uri) : ShownPath(uri);
            ImagenApiException error;
            if (!isStorage && (status == 401 || status == 403))
            {
                error = new ImagenAuthenticationException(
                    $"The Imagen API refused the API key ({status} {reason}): {ImagenFormat.Sentence(serverMessage)} Check the key given to Connect-Imagen, -ApiKey or the {ImagenConnectionSettings.ApiKeyVariable} environment variable.",
                    status,
                    serverMessage,
                    Shown(uri),
                    method);
            }
            else
            {
                var prefix = isStorage ? "Storage error" : "Imagen API error";
                // The API names what it did not find; a bare 404 means the address is not the API's at all.
                var hint = !isStorage && status == 404 && string.IsNullOrWhiteSpace(body)
                    ? $" Check the base URL ({Redact(_settings.BaseUrl.ToString())}, from Connect-Imagen -BaseUrl or {ImagenConnectionSettings.BaseUrlVariable}): Imagen's API address ends in /v1/."
                    : string.Empty;
                error = new ImagenApiException($"{prefix} {status} ({reason}) on {method} {where}: {ImagenFormat.Sentence(serverMessage)}{hint}", status, serverMessage, ErrorIdFor(status), isStorage ? new Uri(DisplayLink(uri)) : Shown(uri), method);
            }

            error.RetryAfter = RetryAfter(response);
            return error;
        }

        public void Dispose()
        {
            _api.Dispose();
            Storage.Dispose();
        }

        private async Task<JsonElement> SendOnceAsync(HttpMethod method, string relativePath, ApiBody body, CancellationToken cancellationToken)
        {
            var uri = _settings.Resolve(relativePath);
            using (var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                attempt.CancelAfter(_options.ApiRequestTimeout);
                for (var hop = 0; ; hop++)
                {
                    using (var request = new HttpRequestMessage(method, uri) { Content = body.CreateContent() })
                    {
                        // The key goes only to the API's own scheme, host and port (a redirect elsewhere is refused above;
                        // this check stays as the last guard).
                        if (_settings.IsApiAuthority(uri))
                        {
                            request.Headers.TryAddWithoutValidation("x-api-key", _settings.ApiKey.PlainText);
                        }

                        var watch = Stopwatch.StartNew();
                        HttpResponseMessage response;
                        try
                        {
                            response = await _api.SendAsync(request, HttpCompletionOption.ResponseContentRead, attempt.Token).ConfigureAwait(false);
                        }
                        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                        {
                            _log.Debug($"{method} {Shown(uri)} -> no answer within {_options.ApiRequestTimeout.TotalSeconds:0} s");
                            throw new TimeoutException($"{method} {ShownPath(uri)} got no answer within {_options.ApiRequestTimeout.TotalSeconds:0} s.");
                        }
                        catch (HttpRequestException ex)
                        {
                            _log.Debug($"{method} {Shown(uri)} -> failed: {Redact(ex.Message)}");
                            throw;
                        }

                        using (response)
                        {
                            var status = (int)response.StatusCode;
                            if (_log.IsDebugEnabled)
                            {
                                _log.Debug(string.Format(CultureInfo.InvariantCulture, "{0} {1} -> {2} {3} ({4} ms)", method, Redact(uri.ToString()), status, Redact(response.ReasonPhrase), watch.ElapsedMilliseconds));
                            }

                            var next = RedirectTarget(method, uri, response);
                            if (next != null)
                            {
                                if (hop >= MaxRedirects)
                                {
                                    throw new ImagenApiException($"{method} {ShownPath(uri)} was redirected more than {MaxRedirects} times.", status, null, ImagenErrorIds.UnsafeRedirect, Shown(uri), method.Method);
                                }

                                _log.Debug($"Following redirect to {Redact(next.ToString())} (the API's own host)");
                                uri = next;
                                continue;
                            }

                            // Redacted as read, whatever the status and content type: nothing below can show the key.
                            var text = response.Content == null ? string.Empty : Redact(await response.Content.ReadAsStringAsync().ConfigureAwait(false));
                            if (!response.IsSuccessStatusCode)
                            {
                                throw CreateError(method.Method, uri, response, text, isStorage: false);
                            }

                            try
                            {
                                return RedactStrings(ApiEnvelope.Parse(text));
                            }
                            catch (JsonException)
                            {
                                var shown = Redact(Truncate(text));
                                throw new ImagenApiException($"The Imagen API answered {method} {ShownPath(uri)} with something that is not JSON: {shown}", status, shown, ImagenErrorIds.UnexpectedResponse, Shown(uri), method.Method) { RetryAfter = null };
                            }
                        }
                    }
                }
            }
        }

        private Uri? RedirectTarget(HttpMethod method, Uri current, HttpResponseMessage response)
        {
            var status = (int)response.StatusCode;
            var keepsMethod = status == 307 || status == 308;
            var getOnly = status == 301 || status == 302 || status == 303;
            if (!(keepsMethod || (getOnly && method == HttpMethod.Get)) || response.Headers.Location == null)
            {
                return null;
            }

            // The refusals below never quote the target: an address that holds the key would show it, and one on
            // another host is a server's choice nobody asked to see. Only the API's own request is named.
            var location = response.Headers.Location;
            var target = location.IsAbsoluteUri ? location : new Uri(current, location);
            if (_settings.ApiKey.AppearsIn(location.OriginalString) || _settings.ApiKey.AppearsIn(target.OriginalString) || _settings.ApiKey.AppearsIn(Uri.UnescapeDataString(target.OriginalString)))
            {
                throw RefusedRedirect(method, current, status, "to an address that holds the API key; the redirect was refused and the key was not sent there");
            }

            if (!_settings.IsApiAuthority(target))
            {
                throw RefusedRedirect(method, current, status, $"to another host, port or scheme; the redirect was refused, as the API key goes only to {_settings.BaseUrl.Scheme}://{_settings.BaseUrl.Authority}");
            }

            return target;
        }

        private ImagenApiException RefusedRedirect(HttpMethod method, Uri current, int status, string what) =>
            new ImagenApiException($"The Imagen API redirected {method} {ShownPath(current)} {what}. Check the base URL ({Redact(_settings.BaseUrl.ToString())}).", status, null, ImagenErrorIds.UnsafeRedirect, Shown(current), method.Method);

        private static TimeSpan? RetryAfter(HttpResponseMessage response)
        {
            var header = response.Headers.RetryAfter;
            if (header == null)
            {
                return null;
            }

            if (header.Delta.HasValue)
            {
                return header.Delta.Value;
            }

            return header.Date.HasValue ? header.Date.Value - DateTimeOffset.UtcNow : (TimeSpan?)null;
        }

        private static string ErrorIdFor(int status)
        {
            if (status == 404)
            {
                return ImagenErrorIds.NotFound;
            }

            if (status == 429)
            {
                return ImagenErrorIds.RateLimited;
            }

            return status >= 500 ? ImagenErrorIds.ServerError : ImagenErrorIds.RequestRejected;
        }

        /// <summary>
        /// A JSON string can spell the key with \u escapes, which the raw-text redaction cannot see; such a payload is
        /// rebuilt with its decoded strings redacted (rare: only when the body holds an escape at all).
        /// </summary>
        private JsonElement RedactStrings(JsonElement payload)
        {
            if (payload.ValueKind == JsonValueKind.Undefined || payload.GetRawText().IndexOf("\\u", StringComparison.Ordinal) < 0)
            {
                return payload;
            }

            using (var buffer = new MemoryStream())
            {
                using (var writer = new Utf8JsonWriter(buffer))
                {
                    WriteRedacted(writer, payload);
                }

                using (var document = JsonDocument.Parse(buffer.ToArray()))
                {
                    return document.RootElement.Clone();
                }
            }
        }

        private void WriteRedacted(Utf8JsonWriter writer, JsonElement element)
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.Object:
                    writer.WriteStartObject();
                    foreach (var property in element.EnumerateObject())
                    {
                        writer.WritePropertyName(Redact(property.Name));
                        WriteRedacted(writer, property.Value);
                    }

                    writer.WriteEndObject();
                    break;
                case JsonValueKind.Array:
                    writer.WriteStartArray();
                    foreach (var item in element.EnumerateArray())
                    {
                        WriteRedacted(writer, item);
                    }

                    writer.WriteEndArray();
                    break;
                case JsonValueKind.String:
                    writer.WriteStringValue(Redact(element.GetString()));
                    break;
                default:
                    element.WriteTo(writer);
                    break;
            }
        }

        private static string Truncate(string text) => text.Length > 200 ? text.Substring(0, 200) + "..." : text;

        private static HttpClient CreateClient(bool allowRedirects, int connections, BandwidthLimiter? limiter = null)
        {
            // Transfers can take hours: no global timeout (API calls get a per-attempt limit, transfers an idle limit).
#if NET5_0_OR_GREATER
            var handler = new SocketsHttpHandler
            {
                AllowAutoRedirect = allowRedirects,
                MaxConnectionsPerServer = connections,
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                ConnectTimeout = TimeSpan.FromSeconds(30),
                UseCookies = false,
            };
#else
            // Windows PowerShell 5.1: TLS 1.2 is not on by default everywhere, and the default of 2 connections per
            // host would serialise concurrent transfers.
            ServicePointManager.SecurityProtocol |= SecurityProtocolType.Tls12;
            var handler = new HttpClientHandler
            {
                AllowAutoRedirect = allowRedirects,
                MaxConnectionsPerServer = connections,
                UseCookies = false,
            };
#endif
            HttpMessageHandler outer = limiter == null ? (HttpMessageHandler)handler : new BandwidthLimitingHandler(limiter, handler);
            var client = new HttpClient(outer, disposeHandler: true) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
            client.DefaultRequestHeaders.UserAgent.ParseAdd("Imagen-PowerShell/" + ProductVersion());
            return client;
        }

        private static string ProductVersion()
        {
            var version = typeof(ImagenHttp).Assembly.GetName().Version ?? new Version(0, 0, 0);
            return string.Format(CultureInfo.InvariantCulture, "{0}.{1}.{2}", version.Major, version.Minor, Math.Max(version.Build, 0));
        }
    }
}
