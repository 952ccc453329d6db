using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace Imagen.Core
{
    public sealed partial class ImagenClient
    {
        /// <summary>
        /// POST /projects/{id}/edit with an explicitly empty Content-Type (§2.5). The options are validated first
        /// (§6.2), so nothing is sent when they conflict. Editing is billed: after an ambiguous failure the edit
        /// status is read, and the request is sent again only if the server shows the edit never started.
        /// Returns the status read after submitting.
        /// </summary>
        public Task<ImagenJobStatus> StartEditAsync(string projectId, int profileKey, ImagenEditOptions? options = null, CancellationToken cancellationToken = default)
        {
            var snapshot = (options ?? new ImagenEditOptions()).Clone();
            snapshot.ThrowIfInvalid();
            var body = ApiBody.JsonWithEmptyContentType(w => snapshot.WriteJson(w, profileKey));
            _log.Verbose($"Starting the edit of project {projectId} with profile {profileKey}.");
            return StartJobAsync(projectId, ImagenJobKind.Edit, body, cancellationToken);
        }

        /// <summary>POST /projects/{id}/export, with the same never-twice rule as <see cref="StartEditAsync"/>.</summary>
        public Task<ImagenJobStatus> StartExportAsync(string projectId, CancellationToken cancellationToken = default)
        {
            _log.Verbose($"Starting the export of project {projectId}.");
            return StartJobAsync(projectId, ImagenJobKind.Export, ApiBody.None, cancellationToken);
        }

        public Task<ImagenJobStatus> GetEditStatusAsync(string projectId, CancellationToken cancellationToken = default) =>
            GetJobStatusAsync(projectId, ImagenJobKind.Edit, cancellationToken);

        public Task<ImagenJobStatus> GetExportStatusAsync(string projectId, CancellationToken cancellationToken = default) =>
            GetJobStatusAsync(projectId, ImagenJobKind.Export, cancellationToken);

        /// <summary>GET /projects/{id}/edit/status or /export/status.</summary>
        public async Task<ImagenJobStatus> GetJobStatusAsync(string projectId, ImagenJobKind kind, CancellationToken cancellationToken = default)
        {
            if (kind == ImagenJobKind.SmartEdit)
            {
                return await GetSmartEditStatusAsync(projectId, cancellationToken).ConfigureAwait(false);
            }

            var payload = await _http.SendAsync(HttpMethod.Get, ProjectPath(projectId) + "/" + Segment(kind) + "/status", ApiBody.None, retry: true, cancellationToken).ConfigureAwait(false);
            var status = ApiEnvelope.GetString(payload, "status") ?? throw Unexpected($"GET /projects/{{id}}/{Segment(kind)}/status", "a status", payload);
            var result = new ImagenJobStatus(projectId, kind, status, ApiEnvelope.GetDouble(payload, "progress"), ApiEnvelope.GetString(payload, "details"));
            if (result.State == ImagenJobState.Unknown)
            {
                _log.Debug($"Unknown {Segment(kind)} status '{status}'; treating it as still running.");
            }

            return result;
        }

        public Task<ImagenJobStatus> WaitForEditAsync(string projectId, IProgress<ImagenJobStatus>? progress = null, CancellationToken cancellationToken = default, TimeSpan? pollInterval = null, TimeSpan? timeout = null) =>
            WaitForJobAsync(projectId, ImagenJobKind.Edit, progress, cancellationToken, pollInterval, timeout);

        public Task<ImagenJobStatus> WaitForExportAsync(string projectId, IProgress<ImagenJobStatus>? progress = null, CancellationToken cancellationToken = default, TimeSpan? pollInterval = null, TimeSpan? timeout = null) =>
            WaitForJobAsync(projectId, ImagenJobKind.Export, progress, cancellationToken, pollInterval, timeout);

        /// <summary>
        /// Polls until Completed or Failed, with a delay growing from PollInitialInterval to PollMaxInterval.
        /// Returns the terminal status (a Failed status is returned, not thrown). Stop it with the token.
        /// <paramref name="pollInterval"/> overrides the first delay for this call (the growth stays capped at
        /// PollMaxInterval, or at the given interval when that is longer). A status read that fails transiently
        /// (5xx, 429, a dropped connection, a timeout, even after the client's retries) does not end the wait: the
        /// job is billed and keeps running, so polling goes on until <paramref name="timeout"/> (default
        /// WaitTimeout) has passed, then throws ImagenWaitTimedOut.
        /// </summary>
        public async Task<ImagenJobStatus> WaitForJobAsync(string projectId, ImagenJobKind kind, IProgress<ImagenJobStatus>? progress = null, CancellationToken cancellationToken = default, TimeSpan? pollInterval = null, TimeSpan? timeout = null)
        {
            if (pollInterval.HasValue && pollInterval.Value <= TimeSpan.Zero)
            {
                throw new ArgumentOutOfRangeException(nameof(pollInterval), pollInterval, "The polling interval must be positive.");
            }

            var limit = timeout ?? _options.WaitTimeout;
            var deadline = DateTime.UtcNow + limit;
            _log.Verbose($"Waiting for the {Segment(kind)} of project {projectId} (for up to {ImagenFormat.Duration(limit)}).");
            var delay = pollInterval ?? _options.PollInitialInterval;
            var cap = pollInterval.HasValue && pollInterval.Value > _options.PollMaxInterval ? pollInterval.Value : _options.PollMaxInterval;
            string? lastSeen = null;
            DateTime? unavailableSince = null;
            while (true)
            {
                try
                {
                    var status = await GetJobStatusAsync(projectId, kind, cancellationToken).ConfigureAwait(false);
                    if (unavailableSince.HasValue)
                    {
                        _log.Verbose($"The {Segment(kind)} status of project {projectId} answers again after {ImagenFormat.Duration(DateTime.UtcNow - unavailableSince.Value)}.");
                        unavailableSince = null;
                    }

                    progress?.Report(status);
                    var seen = status.ToString();
                    if (seen != lastSeen)
                    {
                        _log.Verbose($"Project {projectId}: {seen}.");
                        lastSeen = seen;
                    }

                    if (status.IsTerminal)
                    {
                        return status;
                    }
                }
                catch (Exception ex) when (IsPassingFailure(ex, cancellationToken))
                {
                    unavailableSince = unavailableSince ?? DateTime.UtcNow;
                    _log.Verbose($"The {Segment(kind)} status of project {projectId} could not be read ({ex.Message}); unavailable for {ImagenFormat.Duration(DateTime.UtcNow - unavailableSince.Value)}, still waiting.");
                }

                var left = deadline - DateTime.UtcNow;
                if (left <= TimeSpan.Zero)
                {
                    throw new ImagenException(
                        $"The {Segment(kind)} of project {projectId} did not finish within {ImagenFormat.Duration(limit)}" + (lastSeen != null ? $" (last seen: {lastSeen})." : "."),
                        ImagenErrorIds.WaitTimedOut);
                }

                await Task.Delay(delay < left ? delay : left, cancellationToken).ConfigureAwait(false);
                var next = TimeSpan.FromTicks((long)(delay.Ticks * _options.PollBackoffFactor));
                delay = next > cap ? cap : next;
            }
        }

        /// <summary>A failure that passes by itself (outage, rate limit, dropped connection, request timeout), not a refusal or Ctrl+C.</summary>
        internal static bool IsPassingFailure(Exception ex, CancellationToken cancellationToken) =>
            IsAmbiguous(ex) || ImagenHttp.IsTransport(ex) || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested);

        /// <summary>GET /projects/{id}/edit/get_temporary_download_links: the edit outputs (XMP, or DNG/JPEG with XMP).</summary>
        public Task<IReadOnlyList<ImagenDownloadLink>> GetEditDownloadLinksAsync(string projectId, CancellationToken cancellationToken = default) =>
            GetDownloadLinksAsync(projectId, ImagenJobKind.Edit, cancellationToken);

        /// <summary>GET /projects/{id}/export/get_temporary_download_links: the exported JPEGs.</summary>
        public Task<IReadOnlyList<ImagenDownloadLink>> GetExportDownloadLinksAsync(string projectId, CancellationToken cancellationToken = default) =>
            GetDownloadLinksAsync(projectId, ImagenJobKind.Export, cancellationToken);

        /// <summary>Accepts download_link, and upload_link (the docs' spelling), per entry.</summary>
        public async Task<IReadOnlyList<ImagenDownloadLink>> GetDownloadLinksAsync(string projectId, ImagenJobKind kind, CancellationToken cancellationToken = default)
        {
            if (kind == ImagenJobKind.SmartEdit || kind == ImagenJobKind.Final)
            {
                return await GetLaterDownloadLinksAsync(projectId, kind, cancellationToken).ConfigureAwait(false);
            }

            var call = $"GET /projects/{{id}}/{Segment(kind)}/get_temporary_download_links";
            var payload = await _http.SendAsync(HttpMethod.Get, ProjectPath(projectId) + "/" + Segment(kind) + "/get_temporary_download_links", ApiBody.None, retry: true, cancellationToken).ConfigureAwait(false);
            if (!ApiEnvelope.TryGetList(payload, "files_list", out var list))
            {
                throw Unexpected(call, "files_list", payload);
            }

            var links = new List<ImagenDownloadLink>();
            foreach (var item in list.EnumerateArray())
            {
                var name = ApiEnvelope.GetString(item, "file_name");
                var url = ApiEnvelope.GetString(item, "download_link") ?? ApiEnvelope.GetString(item, "upload_link");
                if (name == null || url == null || !Uri.TryCreate(url, UriKind.Absolute, out var uri))
                {
                    throw Unexpected(call, "file_name and download_link on every entry", item);
                }

                links.Add(new ImagenDownloadLink(projectId, kind, name, uri));
            }

            _log.Verbose($"Project {projectId} has {links.Count} {(kind == ImagenJobKind.Edit ? "edited" : "exported")} files to download.");
            return links;
        }

        /// <summary>GET /projects/sky_replacement/templates: a bare list or {"templates": [...]}, wrapped or not.</summary>
        public async Task<IReadOnlyList<ImagenSkyTemplate>> GetSkyReplacementTemplatesAsync(CancellationToken cancellationToken = default)
        {
            var payload = await _http.SendAsync(HttpMethod.Get, "projects/sky_replacement/templates", ApiBody.None, retry: true, cancellationToken).ConfigureAwait(false);
            if (!ApiEnvelope.TryGetList(payload, "templates", out var list))
            {
                throw Unexpected("GET /projects/sky_replacement/templates", "a list of templates", payload);
            }

            var templates = new List<ImagenSkyTemplate>();
            foreach (var item in list.EnumerateArray())
            {
                var id = ApiEnvelope.GetInt(item, "id") ?? throw Unexpected("GET /projects/sky_replacement/templates", "an id on every template", item);
                templates.Add(new ImagenSkyTemplate(id, ApiEnvelope.GetBool(item, "is_default") ?? false));
            }

            return templates;
        }

        private async Task<ImagenJobStatus> StartJobAsync(string projectId, ImagenJobKind kind, ApiBody body, CancellationToken cancellationToken)
        {
            var path = ProjectPath(projectId) + "/" + Segment(kind);
            var delay = _options.RetryBaseDelay;
            var resent = false;
            for (var attempt = 0; ; attempt++)
            {
                try
                {
                    await _http.SendAsync(HttpMethod.Post, path, body, retry: false, cancellationToken).ConfigureAwait(false);
                    _log.Verbose($"The {Segment(kind)} of project {projectId} was accepted.");
                    try
                    {
                        return await GetJobStatusAsync(projectId, kind, cancellationToken).ConfigureAwait(false);
                    }
                    catch (Exception ex) when (IsPassingFailure(ex, cancellationToken))
                    {
                        // Accepted is what counts: a status that cannot be read now is read again while waiting.
                        _log.Debug($"The {Segment(kind)} status of project {projectId} could not be read after the request was accepted ({ex.Message}).");
                        return new ImagenJobStatus(projectId, kind, "In Progress", null, null);
                    }
                }
                catch (ImagenApiException ex) when (resent && !ex.IsTransient && !(ex is ImagenAuthenticationException))
                {
                    // A refusal after an ambiguous first attempt may mean "already started by that attempt".
                    var status = await GetJobStatusAsync(projectId, kind, cancellationToken).ConfigureAwait(false);
                    if (status.State != ImagenJobState.Pending)
                    {
                        _log.Verbose($"The earlier {Segment(kind)} request had been accepted ({status}); the refusal of the repeat is ignored.");
                        return status;
                    }

                    throw;
                }
                catch (Exception ex) when (attempt < _options.MaxRetryAttempts && IsAmbiguous(ex))
                {
                    _log.Debug($"POST /{Segment(kind)} for project {projectId} failed ambiguously ({ex.Message}); reading the status before deciding whether to send it again.");
                    var status = await GetJobStatusAsync(projectId, kind, cancellationToken).ConfigureAwait(false);
                    if (status.State != ImagenJobState.Pending)
                    {
                        _log.Verbose($"The {Segment(kind)} of project {projectId} had been accepted ({status}); not sending it again.");
                        return status;
                    }

                    var wait = ex is ImagenApiException { RetryAfter: TimeSpan retryAfter } ? Clamp(retryAfter) : delay;
                    _log.Debug($"The {Segment(kind)} has not started ({status.Status}); retry {attempt + 1} of {_options.MaxRetryAttempts} in {wait.TotalSeconds:0.###} s.");
                    await Task.Delay(wait, cancellationToken).ConfigureAwait(false);
                    delay = NextDelay(delay);
                    resent = true;
                }
            }
        }

        private static bool IsAmbiguous(Exception ex) =>
            (ex is ImagenApiException api && api.IsTransient && !(api is ImagenAuthenticationException)) || ex is ImagenConnectionException;

        private static string Segment(ImagenJobKind kind) => kind == ImagenJobKind.Edit ? "edit" : kind == ImagenJobKind.SmartEdit ? "Smart Edit" : "export";
    }
}
