using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;

namespace Imagen.Core
{
    public sealed partial class ImagenClient
    {
        /// <summary>
        /// Uploads files to a project as a pipeline: hash (MD5, streamed, when UseContentMd5) -> upload links for a
        /// small batch, requested just before its files are sent -> concurrent PUTs streamed from disk (no API key,
        /// empty Content-Type, the declared Content-MD5), <paramref name="throttleLimit"/> at a time, else the client's
        /// ThrottleLimit, else as many as the line takes (automatic, see <see cref="TransferConcurrency"/>). Later files
        /// are hashed and get their links while earlier ones upload; a file's state is released when it is done. A link storage calls expired is
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
            if (jobs.Count == 0)
            {
                _log.Verbose($"Uploading no files to project {projectId}.");
            }
            else
            {
                var toHash = _options.UseContentMd5 ? jobs.Where(j => j.Md5 == null).ToList() : new List<UploadJob>();
                using (var hashing = toHash.Count > 0 ? new TransferMeter("Checksum", toHash.Count, toHash.Sum(j => j.Length), progress) : null)
                using (var meter = new TransferMeter("Upload", jobs.Count, jobs.Sum(j => j.Length), progress))
                {
                    using (var concurrency = TransferConcurrency.Start("Upload", throttle, meter, _http.Limiter, _log))
                    using (var run = new UploadRun(projectId, source, multipartThreshold, concurrency, batchSize, meter, hashing, results, journal, cancellationToken))
                    {
                        _log.Verbose($"Uploading {jobs.Count} files ({ImagenFormat.Bytes(jobs.Sum(j => j.Length))}) to project {projectId}, {concurrency.Description}, links {batchSize} at a time.");
                        try
                        {
                            await RunUploadPipelineAsync(run, jobs).ConfigureAwait(false);
                        }
                        finally
                        {
                            await concurrency.StopAsync().ConfigureAwait(false);
                        }
                    }

                    meter.Complete();
                }
            }

            var summary = new ImagenUploadSummary(projectId, results.Select(r => r!).ToList());
            _log.Verbose($"Uploaded {summary.Succeeded} of {summary.Total} files to project {projectId}" + (summary.Failed > 0 ? $"; {summary.Failed} failed: {string.Join(", ", summary.Failures.Select(f => f.FileName))}." : "."));
            return summary;
        }

        /// <summary>
        /// Three stages joined by short bounded queues: hashers (one per core, up to the throttle) -> one link
        /// requester, which asks for the links of whatever files are hashed, up to a batch, so the first file's link is
        /// asked for as soon as that file is hashed -> PUT workers, as many at once as the run's concurrency allows
        /// (each takes a slot of its gate for each file). A full queue holds back the stage before it: links are
        /// fetched at most about three batches ahead of their PUTs, and per-file state lives only while a file is
        /// between stages. A file whose upload fails transiently is handed to its own retry loop, so
        /// its pauses do not hold a PUT worker. An exception that escapes a stage (e.g. the API refusing the key) stops
        /// the others and is thrown.
        /// </summary>
        private async Task RunUploadPipelineAsync(UploadRun run, IReadOnlyList<UploadJob> jobs)
        {
            var stages = new Func<CancellationToken, Task>[]
            {
                token => HashStageAsync(run, jobs, token),
                token => LinkStageAsync(run, token),
                token => WorkerPool.RunAsync(run.Concurrency.Workers, worker => PutWorkerAsync(run, worker), token),
            };
            try
            {
                await WorkerPool.RunAllAsync(stages, run.Stop.Token).ConfigureAwait(false);
            }
            catch
            {
                WorkerPool.Cancel(run.Stop);
                await run.Retrying.EndedAsync().ConfigureAwait(false);
                throw;
            }

            await WorkerPool.WhenAllThenFirstFailureAsync(run.Retrying.Snapshot(), run.Stop.Token).ConfigureAwait(false);
        }

        private async Task HashStageAsync(UploadRun run, IReadOnlyList<UploadJob> jobs, CancellationToken cancellationToken)
        {
            try
            {
                // The first file is hashed alone, at the full speed of a core, so its PUT starts as early as it can;
                // then one hasher per core (up to the most PUTs at once): more would only take the CPU the PUTs need.
                // Hashers are threads of their own, so a long hash never holds a pool thread a PUT's continuation waits for.
                var hashers = run.Hashing == null ? 1 : Math.Max(1, Math.Min(run.Concurrency.Workers, Environment.ProcessorCount));
                await WorkerPool.ForEachOnOwnThreadsAsync(jobs.Take(1).ToList(), 1, (job, token) => HashAndPassOn(run, job, token), cancellationToken).ConfigureAwait(false);
                await WorkerPool.ForEachOnOwnThreadsAsync(jobs.Skip(1).ToList(), hashers, (job, token) => HashAndPassOn(run, job, token), cancellationToken).ConfigureAwait(false);

                // Every file is hashed: the checksums' report ends here, while the uploads go on.
                run.Hashing?.Complete();
            }
            finally
            {
                run.Hashed.Writer.TryComplete();
            }
        }

        /// <summary>Hashes a file (when needed) and queues it for its link, waiting while the queue is full; a file that cannot be read is recorded and not queued.</summary>
        private static void HashAndPassOn(UploadRun run, UploadJob job, CancellationToken cancellationToken)
        {
            if (run.Hashing != null && job.Md5 == null && !TryHash(run, job, cancellationToken))
            {
                return;
            }

            if (!run.Hashed.Writer.TryWrite(job))
            {
                // A hasher's own thread, so blocking on a full queue holds no pool thread.
                run.Hashed.Writer.WriteAsync(job, cancellationToken).AsTask().GetAwaiter().GetResult();
            }
        }

        private static bool TryHash(UploadRun run, UploadJob job, CancellationToken cancellationToken)
        {
            var hashing = run.Hashing!;
            try
            {
                job.Md5 = Md5Hasher.ComputeBase64(job.Path, n => hashing.AddBytes(n, job.Name), cancellationToken);
                run.Journal?.FileHashed(job.Name, job.Md5);
                hashing.FileCompleted(job.Name);
                return true;
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                run.Results[job.Index] = Failure(job.Path, job.Length, null, $"Could not read '{job.Path}': {ex.Message}", ImagenErrorIds.UploadFailed, ex);
                hashing.FileFailed(job.Name);
                return false;
            }
        }

        /// <summary>
        /// Takes the next hashed file and whatever else is hashed already, up to a batch, and asks for their links in
        /// one call: a batch of one for a large file the PUTs are waiting for, full batches when hashing is ahead.
        /// </summary>
        private async Task LinkStageAsync(UploadRun run, CancellationToken cancellationToken)
        {
            try
            {
                var batch = new List<UploadJob>(run.BatchSize);
                while (await run.Hashed.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    batch.Clear();
                    while (batch.Count < run.BatchSize && run.Hashed.Reader.TryRead(out var next))
                    {
                        batch.Add(next);
                    }

                    // Multipart files get one signed URL per part from their own route, not a batch link.
                    var single = batch.Where(j => !UsesMultipart(run.Source, j.Length, run.MultipartThreshold)).ToList();
                    var links = single.Count == 0 ? null : await RequestUploadLinksOrNoneAsync(run.ProjectId, single, run.Source, cancellationToken).ConfigureAwait(false);
                    foreach (var job in batch)
                    {
                        job.Link = links != null && links.TryGetValue(job.Name, out var link) ? link : null;
                        await run.Ready.Writer.WriteAsync(job, cancellationToken).ConfigureAwait(false);
                    }
                }
            }
            finally
            {
                run.Ready.Writer.TryComplete();
            }
        }

        /// <summary>
        /// Takes a slot of the concurrency gate, then the next file with its link. Only the workers holding a slot wait
        /// for files: with the automatic concurrency's 64 workers, all of them woken for every file cost more CPU per
        /// small file than its upload. Files that are retrying queue for slots in turn with the workers.
        /// </summary>
        private async Task PutWorkerAsync(UploadRun run, CancellationToken cancellationToken)
        {
            var gate = run.Concurrency.Gate;
            while (true)
            {
                UploadJob? job;
                ImagenUploadResult result;
                await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
                try
                {
                    if (!await run.Ready.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        return; // every file has been taken
                    }

                    if (!run.Ready.Reader.TryRead(out job))
                    {
                        continue; // another worker took it
                    }

                    var link = job.Link;
                    job.Link = null;
                    result = await UploadRoundAsync(run, job, link, cancellationToken).ConfigureAwait(false);
                }
                finally
                {
                    gate.Release();
                }

                if (!Settled(run, job, result, DateTime.UtcNow))
                {
                    // The worker's token ends with the workers; the retry outlives them, so it takes the run's.
                    run.Retrying.Add(UploadWithinWindowAsync(run, job, result, run.Stop.Token));
                }
            }
        }

        /// <summary>One attempt at a file (with the client's retries and fresh links); the caller holds a slot of the gate.</summary>
        private Task<ImagenUploadResult> UploadRoundAsync(UploadRun run, UploadJob job, Uri? link, CancellationToken cancellationToken) =>
            UsesMultipart(run.Source, job.Length, run.MultipartThreshold)
                ? UploadMultipartAsync(run.ProjectId, job.Name, job.Path, job.Length, run.Meter, run.Concurrency, run.Journal, cancellationToken)
                : UploadOneAsync(run.ProjectId, job, link, run.Meter, run.Concurrency, cancellationToken, run.Source);

        /// <summary>Records a round's result and returns true, unless it is a transient failure with time left in the retry window.</summary>
        private bool Settled(UploadRun run, UploadJob job, ImagenUploadResult result, DateTime firstFailure)
        {
            if (result.Succeeded)
            {
                run.Journal?.FileUploaded(job.Name);
                run.Results[job.Index] = result;
                return true;
            }

            if (result.Exception == null || !IsTransientTransferFailure(result.Exception) || RetryTimeLeft(firstFailure) <= TimeSpan.Zero)
            {
                run.Results[job.Index] = result;
                return true;
            }

            return false;
        }

        private TimeSpan RetryTimeLeft(DateTime firstFailure) => _options.UploadRetryWindow - (DateTime.UtcNow - firstFailure);

        /// <summary>
        /// A file whose first round failed transiently: again after a pause, while it fails transiently, until
        /// UploadRetryWindow has passed since the first failure, so a storage outage of a minute or two costs time,
        /// not files. It holds no PUT worker while it waits.
        /// </summary>
        private async Task UploadWithinWindowAsync(UploadRun run, UploadJob job, ImagenUploadResult failed, CancellationToken cancellationToken)
        {
            var firstFailure = DateTime.UtcNow;
            var pause = _options.RetryBaseDelay;
            var result = failed;
            for (var round = 1; ; round++)
            {
                var left = RetryTimeLeft(firstFailure);
                var wait = pause < left ? pause : left;
                _log.Debug($"Upload of '{job.Name}' still failing after round {round} ({result.Error}); trying again in {wait.TotalSeconds:0.#} s ({left.TotalSeconds:0} s left of the {_options.UploadRetryWindow.TotalSeconds:0} s upload retry window).");
                run.Meter.FileRetrying(job.Name);
                await Task.Delay(wait, cancellationToken).ConfigureAwait(false);
                pause = NextDelay(pause);
                await run.Concurrency.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
                try
                {
                    result = await UploadRoundAsync(run, job, null, cancellationToken).ConfigureAwait(false);
                }
                finally
                {
                    run.Concurrency.Gate.Release();
                }

                if (Settled(run, job, result, firstFailure))
                {
                    return;
                }
            }
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

        /// <summary>Failures that may pass by themselves: 408/429/5xx, a refused link, a dropped or silent connection.</summary>
        private static bool IsTransientTransferFailure(Exception ex) =>
            (ex is ImagenApiException api && !(ex is ImagenAuthenticationException) && (api.IsTransient || api.StatusCode == 403))
            || ex is ImagenConnectionException || ex is HttpRequestException || ex is TimeoutException
            || (ex is IOException && !(ex is FileNotFoundException) && !(ex is DirectoryNotFoundException))
            || ex is OperationCanceledException;

        private Task<ImagenUploadResult> UploadOneAsync(string projectId, UploadJob job, Uri? link, TransferMeter meter, TransferConcurrency concurrency, CancellationToken cancellationToken, ImagenProjectSource source) =>
            TransferWithFreshLinksAsync(
                "Upload",
                job.Name,
                link,
                async url =>
                {
                    await PutAsync(job, url, meter, concurrency, cancellationToken).ConfigureAwait(false);
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

        private Task PutAsync(UploadJob job, Uri link, TransferMeter meter, TransferConcurrency concurrency, CancellationToken cancellationToken)
        {
            EnsureSafeStorageLink(link);
            return _http.ExecuteAsync<bool>("PUT " + job.Name, async token =>
            {
                long sent = 0;
                using (var transfer = concurrency.Begin())
                using (var idle = new IdleTimeout(token, _options.TransferIdleTimeout))
                using (var content = new FileUploadContent(job.Path, job.Length, n => { sent += n; meter.AddBytes(n, job.Name); concurrency.Moved(n); idle.Reset(); }, idle.Token))
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
                            if (_log.IsDebugEnabled)
                            {
                                _log.Debug($"PUT {ImagenHttp.DisplayLink(link)} ({job.Name}, {ImagenFormat.Bytes(job.Length)}) -> {(int)response.StatusCode} {response.ReasonPhrase} ({(DateTime.UtcNow - started).TotalMilliseconds:0} ms)");
                            }

                            if (!response.IsSuccessStatusCode)
                            {
                                var text = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
                                throw _http.CreateError("PUT", link, response, text, isStorage: true);
                            }

                            concurrency.Finished(transfer, sent);
                            return true;
                        }
                    }
                    catch (Exception ex) when (!(ex is OperationCanceledException && token.IsCancellationRequested))
                    {
                        meter.AddBytes(-sent, job.Name);
                        concurrency.Failed(ex, cancelledByCaller: false);
                        if (ex is OperationCanceledException && idle.Expired)
                        {
                            throw new TimeoutException($"No data moved for {idle.Limit.TotalSeconds:0} s while uploading '{job.Name}'.");
                        }

                        // Not the network: the file itself changed. Said so, by name, and not retried.
                        if (FileChangedDuringUpload(ex, job) is { } changed)
                        {
                            throw changed;
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

        /// <summary>
        /// The file changed while it was read for its upload: it grew or shrank (FileUploadContent's error, which
        /// HttpClient wraps as "Error while copying content to a stream"), or storage found that the bytes it received
        /// do not match the MD5 hashed before (S3's BadDigest: the file was replaced or rewritten in between).
        /// </summary>
        private static ImagenException? FileChangedDuringUpload(Exception ex, UploadJob job)
        {
            for (var inner = ex; inner != null; inner = inner.InnerException)
            {
                if (inner is ImagenException { ErrorId: ImagenErrorIds.FileChanged } changed)
                {
                    return changed;
                }
            }

            if (ex is ImagenApiException { StatusCode: 400 } refused && (refused.ServerMessage ?? string.Empty).IndexOf("BadDigest", StringComparison.OrdinalIgnoreCase) >= 0)
            {
                return new ImagenException(
                    $"'{job.Path}' changed during its upload: storage received bytes that do not match the MD5 taken of the file before (BadDigest), so the file was replaced or rewritten meanwhile and was not accepted. Wait until nothing writes to it any more, then run the same command again.",
                    ImagenErrorIds.FileChanged,
                    ex);
            }

            return null;
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

            /// <summary>Its upload link, from its batch until a PUT worker takes it.</summary>
            public Uri? Link { get; set; }
        }

        /// <summary>What the stages of one upload share.</summary>
        private sealed class UploadRun : IDisposable
        {

            public UploadRun(string projectId, ImagenProjectSource source, long? multipartThreshold, TransferConcurrency concurrency, int batchSize, TransferMeter meter, TransferMeter? hashing, ImagenUploadResult?[] results, ImagenRunRecord? journal, CancellationToken cancellationToken)
            {
                ProjectId = projectId;
                Source = source;
                MultipartThreshold = multipartThreshold;
                Concurrency = concurrency;
                BatchSize = batchSize;
                Meter = meter;
                Hashing = hashing;
                Results = results;
                Journal = journal;
                Stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                // Bounded, so a stage never runs far ahead of the next: links are not fetched long before their use,
                // and per-file state stays bounded however large the shoot.
                Hashed = Channel.CreateBounded<UploadJob>(new BoundedChannelOptions(batchSize) { SingleReader = true });
                // Two batches: the PUT workers still have a batch to send while the next batch's links are requested.
                Ready = Channel.CreateBounded<UploadJob>(new BoundedChannelOptions(2 * batchSize) { SingleWriter = true });
            }

            public string ProjectId { get; }

            public ImagenProjectSource Source { get; }

            public long? MultipartThreshold { get; }

            /// <summary>
            /// The throttle: PUT workers and retrying files alike take a slot of its gate for each round; fixed by
            /// ThrottleLimit or automatic.
            /// </summary>
            public TransferConcurrency Concurrency { get; }

            public int BatchSize { get; }

            public TransferMeter Meter { get; }

            /// <summary>The checksum meter; null when nothing is to be hashed.</summary>
            public TransferMeter? Hashing { get; }

            public ImagenUploadResult?[] Results { get; }

            public ImagenRunRecord? Journal { get; }

            /// <summary>Cancelled by the caller or when a stage fails.</summary>
            public CancellationTokenSource Stop { get; }

            /// <summary>Files hashed (or needing no hash), waiting for links.</summary>
            public Channel<UploadJob> Hashed { get; }

            /// <summary>Files with their links, waiting for a PUT worker.</summary>
            public Channel<UploadJob> Ready { get; }

            /// <summary>The files waiting out their retry window.</summary>
            public RetryingTransfers Retrying { get; } = new RetryingTransfers();

            public void Dispose() => Stop.Dispose();
        }
    }
}
