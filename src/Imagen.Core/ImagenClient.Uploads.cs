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
        /// Uploads files to a project as a pipeline: hash (MD5, streamed, when UseContentMd5) -> upload links for a
        /// small batch, requested just before its files are sent -> up to ThrottleLimit concurrent PUTs streamed from
        /// disk (no API key, empty Content-Type, the declared Content-MD5). Later files are hashed and get their links
        /// while earlier ones upload; a file's state is released when it is done. A link storage calls expired is
        /// replaced as often as needed; a file whose upload keeps failing transiently is retried until
        /// UploadRetryWindow has passed since its first failure. One file's failure is recorded by name and the others
        /// go on; cancellation stops everything.
        /// </summary>
        /// <param name="source">The project's family: Smart Editing projects take their links from /i2i/projects and send files above MultipartThreshold in parts.</param>
        /// <param name="multipartThreshold">This call's multipart threshold in bytes (Smart Editing only); the client's MultipartThreshold when null.</param>
        public Task<ImagenUploadSummary> UploadFilesAsync(string projectId, IEnumerable<string> paths, IProgress<ImagenTransferProgress>? progress = null, int? throttleLimit = null, CancellationToken cancellationToken = default, ImagenProjectSource source = ImagenProjectSource.Regular, long? multipartThreshold = null)
        {
            var files = paths?.Select(Path.GetFullPath).Distinct(StringComparer.Ordinal).Select(p => new ImagenUploadItem(p)).ToList() ?? throw new ArgumentNullException(nameof(paths));
            return UploadAsync(projectId, files, progress, throttleLimit, null, cancellationToken, source, multipartThreshold);
        }

        /// <summary>
        /// <see cref="UploadFilesAsync"/> for the workflow: a known MD5 is not computed again, and each MD5 and each
        /// finished upload is reported to <paramref name="journal"/> (the run record) as it happens.
        /// </summary>
        internal async Task<ImagenUploadSummary> UploadAsync(string projectId, IReadOnlyList<ImagenUploadItem> items, IProgress<ImagenTransferProgress>? progress, int? throttleLimit, ImagenRunRecord? journal, CancellationToken cancellationToken, ImagenProjectSource source = ImagenProjectSource.Regular, long? multipartThreshold = null)
        {
            var throttle = throttleLimit ?? _options.ThrottleLimit;
            if (throttle < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(throttleLimit), throttle, "The throttle limit must be at least 1.");
            }

            ProjectPath(projectId);
            RefuseDuplicateNames(items.Select(i => i.Path).ToList());

            var results = new ImagenUploadResult?[items.Count];
            var jobs = new List<UploadJob>();
            for (var i = 0; i < items.Count; i++)
            {
                var info = new FileInfo(items[i].Path);
                if (!info.Exists)
                {
                    results[i] = Failure(items[i].Path, 0, null, $"File not found: '{items[i].Path}'.", ImagenErrorIds.FileNotFound, null);
                    continue;
                }

                jobs.Add(new UploadJob(i, items[i].Path, info.Name, info.Length) { Md5 = _options.UseContentMd5 ? items[i].Md5 : null });
            }

            var batchSize = Math.Max(1, _options.UploadLinkBatchSize);
            _log.Verbose($"Uploading {jobs.Count} files ({ImagenFormat.Bytes(jobs.Sum(j => j.Length))}) to project {projectId}, {throttle} at a time, links {batchSize} at a time.");
            if (jobs.Count > 0)
            {
                var toHash = _options.UseContentMd5 ? jobs.Where(j => j.Md5 == null).ToList() : new List<UploadJob>();
                var hashing = toHash.Count > 0 ? new TransferMeter("Checksum", toHash.Count, toHash.Sum(j => j.Length), progress) : null;
                var meter = new TransferMeter("Upload", jobs.Count, jobs.Sum(j => j.Length), progress);
                using (var puts = new SemaphoreSlim(throttle))
                using (var batchesAhead = new SemaphoreSlim(2))
                {
                    var inFlight = new List<Task>();
                    for (var start = 0; start < jobs.Count; start += batchSize)
                    {
                        // At most two batches between hashing and their last PUT: the next batch is hashed and gets
                        // its links while this one uploads, and links are never fetched far ahead of their use.
                        await batchesAhead.WaitAsync(cancellationToken).ConfigureAwait(false);
                        var batch = jobs.GetRange(start, Math.Min(batchSize, jobs.Count - start));
                        if (hashing != null)
                        {
                            await HashBatchAsync(batch, hashing, results, journal, throttle, cancellationToken).ConfigureAwait(false);
                        }

                        var ready = batch.Where(j => results[j.Index] == null).ToList();
                        // Multipart files get one signed URL per part from their own route, not a batch link.
                        var single = ready.Where(j => !UsesMultipart(source, j.Length, multipartThreshold)).ToList();
                        var links = single.Count == 0 ? new Dictionary<string, Uri>() : await RequestUploadLinksOrNoneAsync(projectId, single, source, cancellationToken).ConfigureAwait(false);
                        var batchTasks = ready.Select(job => UploadWithinWindowAsync(projectId, job, links.TryGetValue(job.Name, out var link) ? link : null, meter, puts, results, journal, source, multipartThreshold, cancellationToken)).ToList();
                        inFlight.Add(Task.WhenAll(batchTasks).ContinueWith(_ => batchesAhead.Release(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default));
                        inFlight.AddRange(batchTasks);
                        inFlight.RemoveAll(t => t.IsCompleted && !t.IsFaulted && !t.IsCanceled);
                    }

                    await Task.WhenAll(inFlight).ConfigureAwait(false);
                }

                hashing?.Report(force: true);
                meter.Report(force: true);
            }

            var summary = new ImagenUploadSummary(projectId, results.Select(r => r!).ToList());
            _log.Verbose($"Uploaded {summary.Succeeded} of {summary.Total} files to project {projectId}" + (summary.Failed > 0 ? $"; {summary.Failed} failed: {string.Join(", ", summary.Failures.Select(f => f.FileName))}." : "."));
            return summary;
        }

        private async Task HashBatchAsync(IReadOnlyList<UploadJob> batch, TransferMeter hashing, ImagenUploadResult?[] results, ImagenRunRecord? journal, int throttle, CancellationToken cancellationToken)
        {
            await ForEachAsync(batch.Where(j => j.Md5 == null), async job =>
            {
                try
                {
                    job.Md5 = await Md5Hasher.ComputeBase64Async(job.Path, n => hashing.AddBytes(n, job.Name), cancellationToken).ConfigureAwait(false);
                    journal?.FileHashed(job.Name, job.Md5);
                    hashing.FileCompleted(job.Name);
                }
                catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
                {
                    results[job.Index] = Failure(job.Path, job.Length, null, $"Could not read '{job.Path}': {ex.Message}", ImagenErrorIds.UploadFailed, ex);
                    hashing.FileFailed(job.Name);
                }
            }, throttle, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>A batch's links; when the request fails (after its retries), none: each file then asks for its own within its retry window.</summary>
        private async Task<Dictionary<string, Uri>> RequestUploadLinksOrNoneAsync(string projectId, IReadOnlyCollection<UploadJob> jobs, ImagenProjectSource source, CancellationToken cancellationToken)
        {
            try
            {
                return await RequestUploadLinksAsync(projectId, jobs, cancellationToken, source).ConfigureAwait(false);
            }
            catch (Exception ex) when (IsTransientTransferFailure(ex))
            {
                _log.Debug($"Upload links for {jobs.Count} files could not be had now ({ex.Message}); each file will ask again.");
                return new Dictionary<string, Uri>();
            }
        }

        /// <summary>
        /// One file: its PUT (with the client's retries and fresh links), and while it fails transiently, again after
        /// a pause, until UploadRetryWindow has passed since the first failure, so a storage outage of a minute or two
        /// costs time, not files.
        /// </summary>
        private async Task UploadWithinWindowAsync(string projectId, UploadJob job, Uri? link, TransferMeter meter, SemaphoreSlim puts, ImagenUploadResult?[] results, ImagenRunRecord? journal, ImagenProjectSource source, long? multipartThreshold, CancellationToken cancellationToken)
        {
            DateTime? firstFailure = null;
            var pause = _options.RetryBaseDelay;
            for (var round = 1; ; round++)
            {
                ImagenUploadResult result;
                await puts.WaitAsync(cancellationToken).ConfigureAwait(false);
                try
                {
                    result = UsesMultipart(source, job.Length, multipartThreshold)
                        ? await UploadMultipartAsync(projectId, job.Name, job.Path, job.Length, meter, cancellationToken).ConfigureAwait(false)
                        : await UploadOneAsync(projectId, job, link, meter, cancellationToken, source).ConfigureAwait(false);
                }
                finally
                {
                    puts.Release();
                }

                if (result.Succeeded)
                {
                    journal?.FileUploaded(job.Name);
                    results[job.Index] = result;
                    return;
                }

                firstFailure = firstFailure ?? DateTime.UtcNow;
                var left = _options.UploadRetryWindow - (DateTime.UtcNow - firstFailure.Value);
                if (result.Exception == null || !IsTransientTransferFailure(result.Exception) || left <= TimeSpan.Zero)
                {
                    results[job.Index] = result;
                    return;
                }

                var wait = pause < left ? pause : left;
                _log.Debug($"Upload of '{job.Name}' still failing after round {round} ({result.Error}); trying again in {wait.TotalSeconds:0.#} s ({left.TotalSeconds:0} s left of the {_options.UploadRetryWindow.TotalSeconds:0} s upload retry window).");
                meter.FileRetrying(job.Name);
                await Task.Delay(wait, cancellationToken).ConfigureAwait(false);
                pause = NextDelay(pause);
                link = null;
            }
        }

        /// <summary>Failures that may pass by themselves: 408/429/5xx, a refused link, a dropped or silent connection.</summary>
        private static bool IsTransientTransferFailure(Exception ex) =>
            (ex is ImagenApiException api && !(ex is ImagenAuthenticationException) && (api.IsTransient || api.StatusCode == 403))
            || ex is ImagenConnectionException || ex is HttpRequestException || ex is TimeoutException
            || (ex is IOException && !(ex is FileNotFoundException) && !(ex is DirectoryNotFoundException))
            || ex is OperationCanceledException;

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
                maxLinkRefreshes: 5,
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

        /// <summary>A file to upload, with its MD5 when a run record already knows it.</summary>
        internal sealed class ImagenUploadItem
        {
            public ImagenUploadItem(string path, string? md5 = null)
            {
                Path = path;
                Md5 = md5;
            }

            public string Path { get; }

            public string? Md5 { get; }
        }

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
