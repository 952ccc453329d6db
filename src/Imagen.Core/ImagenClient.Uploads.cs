using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace Imagen.Core
{
    public sealed partial class ImagenClient
    {
        /// <summary>
        /// Uploads files to a project: MD5s computed by streaming (when UseContentMd5), one request for upload links,
        /// then up to ThrottleLimit concurrent PUTs streamed from disk, without the API key, with an empty
        /// Content-Type and the declared Content-MD5. A link storage calls expired is replaced by a fresh one. One
        /// file's failure is recorded by name and the others go on; cancellation stops everything.
        /// </summary>
        /// <param name="source">The project's family: Smart Editing projects take their links from /i2i/projects and send files above MultipartThreshold in parts.</param>
        /// <param name="multipartThreshold">This call's multipart threshold in bytes (Smart Editing only); the client's MultipartThreshold when null.</param>
        public async Task<ImagenUploadSummary> UploadFilesAsync(string projectId, IEnumerable<string> paths, IProgress<ImagenTransferProgress>? progress = null, int? throttleLimit = null, CancellationToken cancellationToken = default, ImagenProjectSource source = ImagenProjectSource.Regular, long? multipartThreshold = null)
        {
            var throttle = throttleLimit ?? _options.ThrottleLimit;
            if (throttle < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(throttleLimit), throttle, "The throttle limit must be at least 1.");
            }

            ProjectPath(projectId);
            var files = paths?.Select(Path.GetFullPath).Distinct(StringComparer.Ordinal).ToList() ?? throw new ArgumentNullException(nameof(paths));
            RefuseDuplicateNames(files);

            var results = new ImagenUploadResult?[files.Count];
            var jobs = new List<UploadJob>();
            for (var i = 0; i < files.Count; i++)
            {
                var info = new FileInfo(files[i]);
                if (!info.Exists)
                {
                    results[i] = Failure(files[i], 0, null, $"File not found: '{files[i]}'.", ImagenErrorIds.FileNotFound, null);
                    continue;
                }

                jobs.Add(new UploadJob(i, files[i], info.Name, info.Length));
            }

            _log.Verbose($"Uploading {jobs.Count} files ({ImagenFormat.Bytes(jobs.Sum(j => j.Length))}) to project {projectId}, {throttle} at a time.");
            if (_options.UseContentMd5 && jobs.Count > 0)
            {
                var hashing = new TransferMeter("Checksum", jobs.Count, jobs.Sum(j => j.Length), progress);
                await ForEachAsync(jobs, async job =>
                {
                    try
                    {
                        job.Md5 = await Md5Hasher.ComputeBase64Async(job.Path, n => hashing.AddBytes(n, job.Name), cancellationToken).ConfigureAwait(false);
                        hashing.FileCompleted(job.Name);
                    }
                    catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
                    {
                        results[job.Index] = Failure(job.Path, job.Length, null, $"Could not read '{job.Path}': {ex.Message}", ImagenErrorIds.UploadFailed, ex);
                        hashing.FileFailed(job.Name);
                    }
                }, throttle, cancellationToken).ConfigureAwait(false);
                jobs = jobs.Where(j => results[j.Index] == null).ToList();
            }

            if (jobs.Count > 0)
            {
                var single = jobs.Where(j => !UsesMultipart(source, j.Length, multipartThreshold)).ToList();
                var links = single.Count > 0 ? await RequestUploadLinksAsync(projectId, single, cancellationToken, source).ConfigureAwait(false) : new Dictionary<string, Uri>();
                var meter = new TransferMeter("Upload", jobs.Count, jobs.Sum(j => j.Length), progress);
                await ForEachAsync(jobs, async job =>
                {
                    links.TryGetValue(job.Name, out var link);
                    results[job.Index] = UsesMultipart(source, job.Length, multipartThreshold)
                        ? await UploadMultipartAsync(projectId, job.Name, job.Path, job.Length, meter, cancellationToken).ConfigureAwait(false)
                        : await UploadOneAsync(projectId, job, link, meter, cancellationToken, source).ConfigureAwait(false);
                }, throttle, cancellationToken).ConfigureAwait(false);
                meter.Report(force: true);
            }

            var summary = new ImagenUploadSummary(projectId, results.Select(r => r!).ToList());
            _log.Verbose($"Uploaded {summary.Succeeded} of {summary.Total} files to project {projectId}" + (summary.Failed > 0 ? $"; {summary.Failed} failed: {string.Join(", ", summary.Failures.Select(f => f.FileName))}." : "."));
            return summary;
        }

        private Task<ImagenUploadResult> UploadOneAsync(string projectId, UploadJob job, Uri? link, TransferMeter meter, CancellationToken cancellationToken, ImagenProjectSource source) =>
            TransferWithFreshLinksAsync(
                "Upload",
                job.Name,
                link,
                async url =>
                {
                    await PutAsync(job, url, meter, cancellationToken).ConfigureAwait(false);
                    meter.FileCompleted(job.Name);
                    return new ImagenUploadResult(job.Name, job.Path, job.Length, job.Md5, null, null, null);
                },
                async () =>
                {
                    var fresh = await RequestUploadLinksAsync(projectId, new[] { job }, cancellationToken, source).ConfigureAwait(false);
                    return fresh.TryGetValue(job.Name, out var url) ? url : null;
                },
                maxLinkRefreshes: 2,
                (message, ex) => Failure(job.Path, job.Length, job.Md5, message, ex is ImagenException imagen && !(ex is ImagenApiException) ? imagen.ErrorId : ImagenErrorIds.UploadFailed, ex),
                meter,
                cancellationToken);

        private Task PutAsync(UploadJob job, Uri link, TransferMeter meter, CancellationToken cancellationToken)
        {
            EnsureSafeStorageLink(link);
            return _http.ExecuteAsync<bool>("PUT " + job.Name, async token =>
            {
                long sent = 0;
                using (var idle = new IdleTimeout(token, _options.TransferIdleTimeout))
                using (var content = new FileUploadContent(job.Path, job.Length, n => { sent += n; meter.AddBytes(n, job.Name); idle.Reset(); }, idle.Token))
                using (var request = new HttpRequestMessage(HttpMethod.Put, link) { Content = content })
                {
                    // The link is signed for an empty Content-Type; Content-MD5 only when an md5 was declared.
                    content.Headers.Remove("Content-Type");
                    content.Headers.TryAddWithoutValidation("Content-Type", string.Empty);
                    if (job.Md5 != null)
                    {
                        content.Headers.TryAddWithoutValidation("Content-MD5", job.Md5);
                    }

                    var started = DateTime.UtcNow;
                    try
                    {
                        using (var response = await _http.Storage.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, idle.Token).ConfigureAwait(false))
                        {
                            _log.Debug($"PUT {ImagenHttp.DisplayLink(link)} ({job.Name}, {ImagenFormat.Bytes(job.Length)}) -> {(int)response.StatusCode} {response.ReasonPhrase} ({(DateTime.UtcNow - started).TotalMilliseconds:0} ms)");
                            if (!response.IsSuccessStatusCode)
                            {
                                var text = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
                                throw _http.CreateError("PUT", link, response, text, isStorage: true);
                            }

                            return true;
                        }
                    }
                    catch (Exception ex) when (!(ex is OperationCanceledException && token.IsCancellationRequested))
                    {
                        meter.AddBytes(-sent, job.Name);
                        if (ex is OperationCanceledException && idle.Expired)
                        {
                            throw new TimeoutException($"No data moved for {idle.Limit.TotalSeconds:0} s while uploading '{job.Name}'.");
                        }

                        throw;
                    }
                    catch (OperationCanceledException)
                    {
                        meter.AddBytes(-sent, job.Name);
                        throw;
                    }
                }
            }, cancellationToken);
        }

        private async Task<Dictionary<string, Uri>> RequestUploadLinksAsync(string projectId, IReadOnlyCollection<UploadJob> jobs, CancellationToken cancellationToken, ImagenProjectSource source = ImagenProjectSource.Regular)
        {
            var body = ApiBody.Json(w =>
            {
                w.WriteStartObject();
                w.WriteStartArray("files_list");
                foreach (var job in jobs)
                {
                    w.WriteStartObject();
                    w.WriteString("file_name", job.Name);
                    if (job.Md5 != null)
                    {
                        w.WriteString("md5", job.Md5);
                    }

                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteEndObject();
            });
            var payload = await _http.SendAsync(HttpMethod.Post, FamilyPath(projectId, source) + "/get_temporary_upload_links", body, retry: true, cancellationToken).ConfigureAwait(false);
            if (!ApiEnvelope.TryGetList(payload, "files_list", out var list))
            {
                throw Unexpected("POST /projects/{id}/get_temporary_upload_links", "files_list", payload);
            }

            var links = new Dictionary<string, Uri>(StringComparer.Ordinal);
            foreach (var item in list.EnumerateArray())
            {
                var name = ApiEnvelope.GetString(item, "file_name");
                var url = ApiEnvelope.GetString(item, "upload_link");
                if (name != null && url != null && Uri.TryCreate(url, UriKind.Absolute, out var uri))
                {
                    links[name] = uri;
                }
            }

            _log.Debug($"Received {links.Count} upload links for {jobs.Count} files.");
            return links;
        }

        private static void RefuseDuplicateNames(IReadOnlyList<string> files)
        {
            var problems = files.GroupBy(Path.GetFileName, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1)
                .Select(g => new ImagenFileProblem(ImagenErrorIds.DuplicateFileName, $"Duplicate file name '{g.Key}' ({g.Count()} files): {string.Join(", ", g.Select(f => "'" + f + "'"))}", g.ToList(), "File names must be unique within a project."))
                .ToList();
            if (problems.Count > 0)
            {
                throw new ImagenValidationException(problems);
            }
        }

        /// <summary>Storage links get no key, but they still must not send photos in clear text across the network.</summary>
        private static void EnsureSafeStorageLink(Uri link)
        {
            if (link.Scheme == Uri.UriSchemeHttps || (link.Scheme == Uri.UriSchemeHttp && link.IsLoopback))
            {
                return;
            }

            throw new ImagenException($"The server returned a storage link that is not https ({ImagenHttp.DisplayLink(link)}); it was not used.", ImagenErrorIds.UnsafeLink);
        }

        private static async Task ForEachAsync<T>(IEnumerable<T> items, Func<T, Task> body, int throttle, CancellationToken cancellationToken)
        {
            using (var gate = new SemaphoreSlim(throttle))
            {
                var tasks = items.Select(async item =>
                {
                    await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
                    try
                    {
                        await body(item).ConfigureAwait(false);
                    }
                    finally
                    {
                        gate.Release();
                    }
                }).ToList();
                await Task.WhenAll(tasks).ConfigureAwait(false);
            }
        }

        private static ImagenUploadResult Failure(string path, long length, string? md5, string message, string errorId, Exception? exception) =>
            new ImagenUploadResult(Path.GetFileName(path), path, length, md5, message, errorId, exception);

        private sealed class UploadJob
        {
            public UploadJob(int index, string path, string name, long length)
            {
                Index = index;
                Path = path;
                Name = name;
                Length = length;
            }

            public int Index { get; }

            public string Path { get; }

            public string Name { get; }

            public long Length { get; }

            public string? Md5 { get; set; }
        }
    }
}
