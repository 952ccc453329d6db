using System;
using System.Collections.Generic;
using System.Globalization;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace Imagen.Core
{
    public sealed partial class ImagenClient
    {
        /// <summary>
        /// POST /projects/. Creating is not idempotent, so a failed attempt is never simply repeated: when the
        /// outcome is ambiguous (timeout, dropped connection, 5xx) the name is looked up first and an existing
        /// project is returned instead of creating a second one. Without a name nothing can be looked up, so only
        /// answers that prove nothing was created (408, 429, 503) are retried.
        /// </summary>
        public Task<ImagenProject> CreateProjectAsync(string? name = null, CancellationToken cancellationToken = default) =>
            CreateAsync(ImagenProjectSource.Regular, name, cancellationToken);

        /// <summary>POST /projects/ or /i2i/projects/, retried as <see cref="CreateProjectAsync"/> says, the name looked up in the same family.</summary>
        private async Task<ImagenProject> CreateAsync(ImagenProjectSource source, string? name, CancellationToken cancellationToken)
        {
            if (name != null && name.Trim().Length == 0)
            {
                throw new ArgumentException("The project name is empty; pass a name or null to let the server choose one.", nameof(name));
            }

            var smart = source == ImagenProjectSource.SmartEdit;
            var route = smart ? "i2i/projects/" : "projects/";
            var what = smart ? "Smart Editing project" : "project";
            var body = name == null ? ApiBody.Json(w => { w.WriteStartObject(); w.WriteEndObject(); }) : ApiBody.Json(w => { w.WriteStartObject(); w.WriteString("name", name); w.WriteEndObject(); });
            _log.Verbose(name == null ? $"Creating a {what} (the server picks its name)." : $"Creating the {what} '{name}'.");
            var delay = _options.RetryBaseDelay;
            for (var attempt = 0; ; attempt++)
            {
                try
                {
                    var payload = await _http.SendAsync(HttpMethod.Post, route, body, retry: false, cancellationToken).ConfigureAwait(false);
                    var id = ReadProjectId(payload) ?? throw Unexpected("POST /" + route, "a project_uuid", payload);
                    var project = new ImagenProject(id, name ?? ApiEnvelope.GetString(payload, "name")) { Source = source };
                    _log.Verbose($"Created {what} {project}.");
                    return project;
                }
                catch (Exception ex) when (attempt < _options.MaxRetryAttempts && IsRetryableCreateFailure(ex, name != null))
                {
                    if (name != null)
                    {
                        _log.Debug($"Creating '{name}' failed ambiguously ({ex.Message}); looking the name up before trying again.");
                        var existing = smart
                            ? await GetSmartEditProjectIdByNameAsync(name, cancellationToken).ConfigureAwait(false)
                            : await GetProjectIdByNameAsync(name, cancellationToken).ConfigureAwait(false);
                        if (existing != null)
                        {
                            _log.Verbose($"The {what} '{name}' was created by the earlier attempt: {existing}.");
                            return new ImagenProject(existing, name) { Source = source };
                        }
                    }

                    var wait = ex is ImagenApiException { RetryAfter: TimeSpan retryAfter } ? Clamp(retryAfter) : delay;
                    _log.Debug($"Retry {attempt + 1} of {_options.MaxRetryAttempts} for POST /{route} in {wait.TotalSeconds:0.###} s: {ex.Message}");
                    await Task.Delay(wait, cancellationToken).ConfigureAwait(false);
                    delay = NextDelay(delay);
                }
            }
        }

        /// <summary>GET /projects/{name}/uuid: the id of the project with this name, or null when there is none.</summary>
        public async Task<string?> GetProjectIdByNameAsync(string name, CancellationToken cancellationToken = default)
        {
            if (string.IsNullOrWhiteSpace(name))
            {
                throw new ArgumentException("The project name is empty.", nameof(name));
            }

            try
            {
                var payload = await _http.SendAsync(HttpMethod.Get, "projects/" + Uri.EscapeDataString(name) + "/uuid", ApiBody.None, retry: true, cancellationToken).ConfigureAwait(false);
                if (payload.ValueKind == JsonValueKind.String)
                {
                    return payload.GetString();
                }

                return ApiEnvelope.GetString(payload, "project_uuid") ?? ApiEnvelope.GetString(payload, "uuid") ?? throw Unexpected("GET /projects/{name}/uuid", "a project id", payload);
            }
            catch (ImagenApiException ex) when (ex.StatusCode == 404)
            {
                return null;
            }
        }

        /// <summary>GET /projects: one page (zero-based), newest first in practice.</summary>
        public Task<ImagenProjectPage> GetProjectsAsync(int page = 0, int size = 20, bool? archived = false, CancellationToken cancellationToken = default) =>
            GetProjectPageAsync("projects", "&client_type=API&get_thumbnail=false", ImagenProjectSource.Regular, page, size, archived, cancellationToken);

        /// <summary>Every project, page after page.</summary>
        public Task<IReadOnlyList<ImagenProject>> GetAllProjectsAsync(bool? archived = false, CancellationToken cancellationToken = default) =>
            AllPagesAsync(page => GetProjectsAsync(page, 100, archived, cancellationToken));

        /// <summary>One page of GET /projects or GET /i2i/projects; both answer {"projects": [...], "pagination": {"total"}}.</summary>
        private async Task<ImagenProjectPage> GetProjectPageAsync(string route, string extraQuery, ImagenProjectSource source, int page, int size, bool? archived, CancellationToken cancellationToken)
        {
            if (page < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(page), page, "The page number starts at 0.");
            }

            if (size < 1 || size > 100)
            {
                throw new ArgumentOutOfRangeException(nameof(size), size, "The page size must be between 1 and 100.");
            }

            var query = string.Format(CultureInfo.InvariantCulture, "{0}?size={1}&page={2}{3}", route, size, page, extraQuery);
            if (archived.HasValue)
            {
                query += "&is_archived=" + (archived.Value ? "true" : "false");
            }

            var payload = await _http.SendAsync(HttpMethod.Get, query, ApiBody.None, retry: true, cancellationToken).ConfigureAwait(false);
            if (!ApiEnvelope.TryGetList(payload, "projects", out var list))
            {
                throw Unexpected("GET /" + route, "a list of projects", payload);
            }

            var projects = new List<ImagenProject>();
            foreach (var item in list.EnumerateArray())
            {
                var project = ParseProject(item);
                projects.Add(source == ImagenProjectSource.Regular ? project : WithSource(project, source));
            }

            int? total = null;
            if (payload.ValueKind == JsonValueKind.Object && payload.TryGetProperty("pagination", out var pagination))
            {
                total = ApiEnvelope.GetInt(pagination, "total");
            }

            return new ImagenProjectPage(projects, total, page, size);
        }

        private static async Task<IReadOnlyList<ImagenProject>> AllPagesAsync(Func<int, Task<ImagenProjectPage>> getPage)
        {
            var all = new List<ImagenProject>();
            for (var page = 0; ; page++)
            {
                var current = await getPage(page).ConfigureAwait(false);
                all.AddRange(current.Projects);
                if (!current.HasMore || current.Projects.Count == 0)
                {
                    return all;
                }
            }
        }

        /// <summary>GET /projects/{id}.</summary>
        public async Task<ImagenProject> GetProjectAsync(string projectId, CancellationToken cancellationToken = default)
        {
            var payload = await _http.SendAsync(HttpMethod.Get, ProjectPath(projectId) + "?get_thumbnail=false", ApiBody.None, retry: true, cancellationToken).ConfigureAwait(false);
            if (payload.ValueKind != JsonValueKind.Object)
            {
                throw Unexpected("GET /projects/{id}", "a project", payload);
            }

            return ParseProject(payload, projectId);
        }

        private static ImagenProject ParseProject(JsonElement item, string? knownId = null)
        {
            long? numericId = null;
            if (item.TryGetProperty("project_id", out var idElement) && idElement.ValueKind == JsonValueKind.Number && idElement.TryGetInt64(out var parsed))
            {
                numericId = parsed;
            }

            return new ImagenProject(ReadProjectId(item) ?? knownId ?? string.Empty, ApiEnvelope.GetString(item, "name"))
            {
                Status = ApiEnvelope.GetString(item, "status"),
                ExportStatus = ApiEnvelope.GetString(item, "export_status"),
                CreatedAt = ApiEnvelope.GetTime(item, "created_at"),
                NumberOfImages = ApiEnvelope.GetInt(item, "number_of_images"),
                Profile = ApiEnvelope.GetString(item, "profile"),
                NumericId = numericId,
                ThumbnailUrl = ApiEnvelope.GetString(item, "thumbnail_src"),
            };
        }

        private static string? ReadProjectId(JsonElement payload) =>
            ApiEnvelope.GetString(payload, "project_uuid") ?? ApiEnvelope.GetString(payload, "uuid");

        internal static string ProjectPath(string projectId) => "projects/" + ImagenProjectIds.Check(projectId);

        private static bool IsRetryableCreateFailure(Exception ex, bool named)
        {
            if (ex is ImagenApiException api)
            {
                if (!api.IsTransient || api is ImagenAuthenticationException)
                {
                    return false;
                }

                // 408/429/503 mean the request was not processed; other 5xx may have created the project.
                return named || api.StatusCode == 408 || api.StatusCode == 429 || api.StatusCode == 503;
            }

            return named && ex is ImagenConnectionException;
        }

        private TimeSpan Clamp(TimeSpan retryAfter) =>
            retryAfter < TimeSpan.Zero ? TimeSpan.Zero : retryAfter > _options.MaxRetryAfter ? _options.MaxRetryAfter : retryAfter;

        private TimeSpan NextDelay(TimeSpan delay)
        {
            var next = TimeSpan.FromTicks(delay.Ticks * 2);
            return next > _options.RetryMaxDelay ? _options.RetryMaxDelay : next;
        }
    }
}
