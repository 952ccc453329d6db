using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace Imagen.Core
{
    public sealed partial class ImagenClient
    {
        /// <summary>Smart Editing needs at least this many images (imagen-api.md §3.10, seen on production by the Go SDK).</summary>
        public const int SmartEditMinimumImages = 5;

        /// <summary>
        /// POST /i2i/projects/: a Smart Editing project. Retried as <see cref="CreateProjectAsync"/> is: after an
        /// ambiguous failure (a 5xx, a dropped connection) the name is looked up first, so one that the failed attempt
        /// created is returned instead of creating a second; unnamed, only 408, 429 and 503 are retried.
        /// </summary>
        public Task<ImagenProject> CreateSmartEditProjectAsync(string? name = null, CancellationToken cancellationToken = default) =>
            CreateAsync(ImagenProjectSource.SmartEdit, name, cancellationToken);

        /// <summary>
        /// The id of the Smart Editing project named <paramref name="name"/>, or null when there is none. The I2I API has
        /// no name-to-id route (imagen-api.md §3.10): is_valid_name says whether the name is free (then no project has
        /// it: one call), and only a taken name costs a listing of the Smart Editing projects.
        /// </summary>
        public async Task<string?> GetSmartEditProjectIdByNameAsync(string name, CancellationToken cancellationToken = default)
        {
            if (string.IsNullOrWhiteSpace(name))
            {
                throw new ArgumentException("The project name is empty.", nameof(name));
            }

            if (await TestSmartEditProjectNameAsync(name, cancellationToken).ConfigureAwait(false))
            {
                return null;
            }

            var projects = await GetAllSmartEditProjectsAsync(archived: null, cancellationToken).ConfigureAwait(false);
            return projects.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.Ordinal))?.ProjectId;
        }

        /// <summary>GET /i2i/projects/{id}: its <c>status</c> is the Smart Edit's progress.</summary>
        public async Task<ImagenProject> GetSmartEditProjectAsync(string projectId, CancellationToken cancellationToken = default)
        {
            var payload = await _http.SendAsync(HttpMethod.Get, SmartEditPath(projectId) + "?get_thumbnail=false", ApiBody.None, retry: true, cancellationToken).ConfigureAwait(false);
            return WithSource(ParseProject(payload, projectId), ImagenProjectSource.SmartEdit);
        }

        /// <summary>GET /i2i/projects: one page of Smart Editing projects (only size, page and is_archived apply).</summary>
        public Task<ImagenProjectPage> GetSmartEditProjectsAsync(int page = 0, int size = 20, bool? archived = false, CancellationToken cancellationToken = default) =>
            GetProjectPageAsync("i2i/projects", string.Empty, ImagenProjectSource.SmartEdit, page, size, archived, cancellationToken);

        /// <summary>Every Smart Editing project, page after page.</summary>
        public Task<IReadOnlyList<ImagenProject>> GetAllSmartEditProjectsAsync(bool? archived = false, CancellationToken cancellationToken = default) =>
            AllPagesAsync(page => GetSmartEditProjectsAsync(page, 100, archived, cancellationToken));

        /// <summary>GET /i2i/projects/is_valid_name: a bare boolean, {"is_valid"} or {"valid"}; a 2xx without a flag counts as valid.</summary>
        public async Task<bool> TestSmartEditProjectNameAsync(string name, CancellationToken cancellationToken = default)
        {
            var payload = await _http.SendAsync(HttpMethod.Get, "i2i/projects/is_valid_name?name=" + Uri.EscapeDataString(name ?? string.Empty), ApiBody.None, retry: true, cancellationToken).ConfigureAwait(false);
            if (payload.ValueKind == JsonValueKind.True || payload.ValueKind == JsonValueKind.False)
            {
                return payload.GetBoolean();
            }

            return ApiEnvelope.GetBool(payload, "is_valid") ?? ApiEnvelope.GetBool(payload, "valid") ?? true;
        }

        /// <summary>Uploads JPEGs to a Smart Editing project; files above the multipart threshold (this call's, else MultipartThreshold) go up in parts.</summary>
        public Task<ImagenUploadSummary> UploadSmartEditFilesAsync(string projectId, IEnumerable<string> paths, IProgress<ImagenTransferProgress>? progress = null, int? throttleLimit = null, CancellationToken cancellationToken = default, long? multipartThreshold = null) =>
            UploadFilesAsync(projectId, paths, progress, throttleLimit, cancellationToken, ImagenProjectSource.SmartEdit, CheckThreshold(multipartThreshold));

        private static long? CheckThreshold(long? threshold) =>
            threshold is long value && value < 1 ? throw new ArgumentOutOfRangeException(nameof(threshold), value, "The multipart threshold must be positive.") : threshold;

        /// <summary>
        /// POST /i2i/projects/{id}/edit (billed). Never re-sent on an ambiguous failure: the project's status is read
        /// instead, and a status past Pending means the first request was accepted.
        /// </summary>
        public async Task<ImagenJobStatus> StartSmartEditAsync(string projectId, ImagenSmartEditOptions? options = null, CancellationToken cancellationToken = default)
        {
            var body = ApiBody.Json(w => (options ?? new ImagenSmartEditOptions()).Write(w));
            var delay = _options.RetryBaseDelay;
            for (var attempt = 0; ; attempt++)
            {
                try
                {
                    await _http.SendAsync(HttpMethod.Post, SmartEditPath(projectId) + "/edit", body, retry: false, cancellationToken).ConfigureAwait(false);
                    _log.Verbose($"The Smart Edit of project {projectId} was accepted.");
                    return await GetSmartEditStatusAsync(projectId, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (attempt < _options.MaxRetryAttempts && IsAmbiguous(ex))
                {
                    var status = await GetSmartEditStatusAsync(projectId, cancellationToken).ConfigureAwait(false);
                    if (status.State != ImagenJobState.Pending)
                    {
                        _log.Verbose($"The Smart Edit of project {projectId} had been accepted ({status}); not sending it again.");
                        return status;
                    }

                    var wait = ex is ImagenApiException { RetryAfter: TimeSpan retryAfter } ? Clamp(retryAfter) : delay;
                    _log.Debug($"The Smart Edit has not started; retry {attempt + 1} of {_options.MaxRetryAttempts} in {wait.TotalSeconds:0.###} s.");
                    await Task.Delay(wait, cancellationToken).ConfigureAwait(false);
                    delay = NextDelay(delay);
                }
            }
        }

        /// <summary>The project's <c>status</c> as a job status (kind SmartEdit; the API gives no progress percentage).</summary>
        public async Task<ImagenJobStatus> GetSmartEditStatusAsync(string projectId, CancellationToken cancellationToken = default)
        {
            var project = await GetSmartEditProjectAsync(projectId, cancellationToken).ConfigureAwait(false);
            return new ImagenJobStatus(projectId, ImagenJobKind.SmartEdit, project.Status ?? string.Empty, null, null);
        }

        /// <summary>Polls the project's status until Completed or Failed (see <see cref="WaitForJobAsync"/>).</summary>
        public Task<ImagenJobStatus> WaitForSmartEditAsync(string projectId, IProgress<ImagenJobStatus>? progress = null, CancellationToken cancellationToken = default, TimeSpan? pollInterval = null) =>
            WaitForJobAsync(projectId, ImagenJobKind.SmartEdit, progress, cancellationToken, pollInterval);

        /// <summary>GET /i2i/projects/{id}/get_download_link: one finished JPEG.</summary>
        public async Task<ImagenDownloadLink> GetSmartEditDownloadLinkAsync(string projectId, string fileName, CancellationToken cancellationToken = default)
        {
            var payload = await _http.SendAsync(HttpMethod.Get, SmartEditPath(projectId) + "/get_download_link?file_name=" + Uri.EscapeDataString(fileName), ApiBody.None, retry: true, cancellationToken).ConfigureAwait(false);
            return SingleDownloadLink("GET /i2i/projects/{id}/get_download_link", payload, projectId, ImagenJobKind.SmartEdit, fileName);
        }

        /// <summary>GET /projects/{id}/export/get_download_link: one exported JPEG.</summary>
        public async Task<ImagenDownloadLink> GetExportDownloadLinkAsync(string projectId, string fileName, CancellationToken cancellationToken = default)
        {
            var payload = await _http.SendAsync(HttpMethod.Get, ProjectPath(projectId) + "/export/get_download_link?file_name=" + Uri.EscapeDataString(fileName), ApiBody.None, retry: true, cancellationToken).ConfigureAwait(false);
            return SingleDownloadLink("GET /projects/{id}/export/get_download_link", payload, projectId, ImagenJobKind.Export, fileName);
        }

        /// <summary>GET /i2i/projects/{id}/get_upload_link (Smart Editing input) or /projects/{id}/export/get_upload_link (a replacement exported JPEG).</summary>
        public async Task<ImagenUploadLink> GetUploadLinkAsync(string projectId, ImagenJobKind kind, string fileName, CancellationToken cancellationToken = default)
        {
            if (kind != ImagenJobKind.SmartEdit && kind != ImagenJobKind.Export)
            {
                throw new ArgumentOutOfRangeException(nameof(kind), kind, "Single upload links exist for Smart Editing inputs (SmartEdit) and exported images (Export).");
            }

            var path = (kind == ImagenJobKind.SmartEdit ? SmartEditPath(projectId) + "/get_upload_link" : ProjectPath(projectId) + "/export/get_upload_link") + "?file_name=" + Uri.EscapeDataString(fileName);
            var payload = await _http.SendAsync(HttpMethod.Get, path, ApiBody.None, retry: true, cancellationToken).ConfigureAwait(false);
            var url = ApiEnvelope.GetString(payload, "upload_link");
            if (url == null || !Uri.TryCreate(url, UriKind.Absolute, out var uri))
            {
                throw Unexpected("GET " + path.Split('?')[0], "an upload_link", payload);
            }

            return new ImagenUploadLink(projectId, kind, ApiEnvelope.GetString(payload, "file_name") ?? fileName, uri);
        }

        /// <summary>Smart Editing's local rules (§3.10, §7): JPEGs only, at least five, no two with the same name.</summary>
        public static void CheckSmartEditFiles(IReadOnlyList<string> files)
        {
            var validation = ProfileFileValidator.Validate(files ?? throw new ArgumentNullException(nameof(files)), "JPG");
            var problems = new List<ImagenFileProblem>(validation.Problems);
            if (validation.IsValid && files.Count < SmartEditMinimumImages)
            {
                problems.Add(new ImagenFileProblem(ImagenErrorIds.TooFewImages, $"Smart Editing needs at least {SmartEditMinimumImages} JPEG images; {files.Count} given.", files, $"Add photos until there are at least {SmartEditMinimumImages}."));
            }

            if (problems.Count > 0)
            {
                throw new ImagenValidationException(problems);
            }
        }

        /// <summary>Links of the results only the later API has: Smart Editing outputs, and finalize's final images.</summary>
        private async Task<IReadOnlyList<ImagenDownloadLink>> GetLaterDownloadLinksAsync(string projectId, ImagenJobKind kind, CancellationToken cancellationToken)
        {
            if (kind == ImagenJobKind.Final)
            {
                // A Final link does not say its family; finalize again where the project is found (it only re-signs).
                try
                {
                    return await FinalizeAsync(projectId, ImagenProjectSource.Regular, cancellationToken).ConfigureAwait(false);
                }
                catch (ImagenApiException ex) when (ex.StatusCode == 404)
                {
                    return await FinalizeAsync(projectId, ImagenProjectSource.SmartEdit, cancellationToken).ConfigureAwait(false);
                }
            }

            var payload = await _http.SendAsync(HttpMethod.Get, SmartEditPath(projectId) + "/get_temporary_download_links", ApiBody.None, retry: true, cancellationToken).ConfigureAwait(false);
            var links = ParseLinkList("GET /i2i/projects/{id}/get_temporary_download_links", payload, projectId, ImagenJobKind.SmartEdit, ImagenProjectSource.SmartEdit);
            _log.Verbose($"Smart Editing project {projectId} has {links.Count} finished JPEGs to download.");
            return links;
        }

        private IReadOnlyList<ImagenDownloadLink> ParseLinkList(string call, JsonElement payload, string projectId, ImagenJobKind kind, ImagenProjectSource source)
        {
            if (!ApiEnvelope.TryGetList(payload, "files_list", out var list))
            {
                throw Unexpected(call, "files_list", payload);
            }

            var links = new List<ImagenDownloadLink>();
            foreach (var item in list.EnumerateArray())
            {
                var name = ApiEnvelope.GetString(item, "file_name");
                var url = ApiEnvelope.GetString(item, "download_link");
                if (name == null || url == null || !Uri.TryCreate(url, UriKind.Absolute, out var uri))
                {
                    throw Unexpected(call, "file_name and download_link on every entry", item);
                }

                links.Add(new ImagenDownloadLink(projectId, kind, name, uri) { Source = source });
            }

            return links;
        }

        private ImagenDownloadLink SingleDownloadLink(string call, JsonElement payload, string projectId, ImagenJobKind kind, string fileName)
        {
            var url = ApiEnvelope.GetString(payload, "download_link");
            if (url == null || !Uri.TryCreate(url, UriKind.Absolute, out var uri))
            {
                throw Unexpected(call, "a download_link", payload);
            }

            return new ImagenDownloadLink(projectId, kind, ApiEnvelope.GetString(payload, "file_name") ?? fileName, uri)
            {
                Source = kind == ImagenJobKind.SmartEdit ? ImagenProjectSource.SmartEdit : ImagenProjectSource.Regular,
            };
        }

        internal static string SmartEditPath(string projectId) => "i2i/" + ProjectPath(projectId);

        private static string FamilyPath(string projectId, ImagenProjectSource source) =>
            source == ImagenProjectSource.SmartEdit ? SmartEditPath(projectId) : ProjectPath(projectId);

        private static ImagenProject WithSource(ImagenProject project, ImagenProjectSource source) =>
            new ImagenProject(project.ProjectId, project.Name)
            {
                Status = project.Status,
                ExportStatus = project.ExportStatus,
                CreatedAt = project.CreatedAt,
                NumberOfImages = project.NumberOfImages,
                Profile = project.Profile,
                NumericId = project.NumericId,
                ThumbnailUrl = project.ThumbnailUrl,
                Source = source,
            };
    }
}
