using System;
using System.Buffers;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;

namespace Imagen.Core
{
    public sealed partial class ImagenClient
    {
        /// <summary>Downloads every link into one folder (created if needed). See the per-link overload.</summary>
        public Task<ImagenDownloadSummary> DownloadFilesAsync(IReadOnlyList<ImagenDownloadLink> links, string destinationFolder, bool overwrite = false, IProgress<ImagenTransferProgress>? progress = null, int? throttleLimit = null, ImagenOutputLedger? ledger = null, CancellationToken cancellationToken = default)
        {
            if (string.IsNullOrWhiteSpace(destinationFolder))
            {
                throw new ArgumentException("The destination folder is empty.", nameof(destinationFolder));
            }

            return DownloadFilesAsync(links, _ => destinationFolder, overwrite, progress, throttleLimit, ledger, cancellationToken);
        }

        /// <summary>
        /// Downloads each link into the folder <paramref name="folderFor"/> picks for it. Each file streams into a
        /// temporary file in that folder and is renamed into place only when complete, so a failure or Ctrl+C never
        /// leaves a half-written file; temporaries a killed save left for these files are removed first. The local
        /// name is the link's file_name, refused if it could leave the folder. Existing files are never lost: a
        /// known original (<paramref name="ledger"/>) is never a target; an existing file with the same bytes counts
        /// as saved (Unchanged); a different one is left untouched (Skipped) unless <paramref name="overwrite"/> and
        /// the ledger shows this module wrote it, unchanged since. Each file saved is recorded in the ledger's run
        /// record. Links are taken fresh from one shared source, and whenever storage refuses one (expired) the
        /// project's links are requested again, as often as needed. A file whose download keeps failing transiently is
        /// tried again until DownloadRetryWindow has passed since its first failure. One file's failure never stops the
        /// others; a local write error does (disk full, read-only, access denied: the next file would fail the same
        /// way): the save stops at once and throws an <see cref="ImagenLocalWriteException"/> whose Summary counts
        /// the files written as written and the rest as Pending.
        /// </summary>
        public async Task<ImagenDownloadSummary> DownloadFilesAsync(IReadOnlyList<ImagenDownloadLink> links, Func<ImagenDownloadLink, string> folderFor, bool overwrite = false, IProgress<ImagenTransferProgress>? progress = null, int? throttleLimit = null, ImagenOutputLedger? ledger = null, CancellationToken cancellationToken = default)
        {
            if (links == null)
            {
                throw new ArgumentNullException(nameof(links));
            }

            if (folderFor == null)
            {
                throw new ArgumentNullException(nameof(folderFor));
            }

            // Null is automatic: the concurrency follows the line (TransferConcurrency).
            var throttle = throttleLimit ?? _options.ThrottleLimit;
            if (throttle < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(throttleLimit), throttle, "The throttle limit must be at least 1.");
            }

            ledger = ledger ?? ImagenOutputLedger.None;
            var results = new ImagenDownloadResult?[links.Count];
            var targets = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
            var work = new List<(int Index, string Target)>();
            for (var i = 0; i < links.Count; i++)
            {
                var link = links[i];
                try
                {
                    var target = ImagenDownloadPaths.Resolve(folderFor(link), link.FileName);
                    // Names are compared ignoring case: a Windows or macOS folder holds IMG_0001.xmp or img_0001.xmp, not both.
                    if (targets.TryGetValue(target, out var first))
                    {
                        var firstName = links[first].FileName;
                        var message = string.Equals(firstName, link.FileName, StringComparison.Ordinal)
                            ? $"The server listed '{link.FileName}' more than once; only the first was downloaded."
                            : $"The server listed '{firstName}' and '{link.FileName}', names that differ only in case, which a Windows or macOS folder cannot hold side by side; only '{firstName}' was downloaded.";
                        results[i] = new ImagenDownloadResult(link, target, ImagenDownloadStatus.Failed, 0, message, ImagenErrorIds.DuplicateFileName, null);
                        continue;
                    }

                    targets[target] = i;
                    if (ledger.IsOriginal(target))
                    {
                        results[i] = new ImagenDownloadResult(link, target, ImagenDownloadStatus.Failed, 0, $"'{target}' is an original photo of a project; a result is never written over an original (not even with -Force). Save into another folder with -Path.", ImagenErrorIds.OriginalProtected, null);
                        continue;
                    }

                    RemoveStaleTemporaries(target);
                    work.Add((i, target));
                }
                catch (ImagenException ex)
                {
                    _log.Verbose(ex.Message);
                    results[i] = new ImagenDownloadResult(link, null, ImagenDownloadStatus.Failed, 0, ex.Message, ex.ErrorId, ex);
                }
            }


            // A folder this save creates and leaves empty (every file failed, or Ctrl+C) is removed again.
            var newFolders = MissingFolders(work.Select(item => Path.GetDirectoryName(item.Target)!));
            var meter = new TransferMeter("Download", work.Count, 0, progress, totalBytesKnown: false);
            using (var run = new DownloadRun(meter, new DownloadLinkSource(this), ledger, overwrite, TransferConcurrency.Start("Download", throttle, meter, _http.Limiter, _log), cancellationToken))
            {
                _log.Verbose($"Downloading {work.Count} files, {run.Concurrency.Description}" + (links.Count > work.Count ? $" ({links.Count - work.Count} refused)." : "."));
                try
                {
                    // Each round takes its slot of the concurrency gate (DownloadRoundAsync), first rounds and retries alike.
                    await WorkerPool.ForEachAsync(work, run.Concurrency.Workers, async (item, token) =>
                    {
                        var result = await DownloadRoundAsync(run, links[item.Index], item.Target, token).ConfigureAwait(false);
                        if (result != null && !SettledDownload(result, DateTime.UtcNow))
                        {
                            // The worker's token ends with the workers; the retry outlives them, so it takes the run's.
                            run.Retrying.Add(DownloadWithinWindowAsync(run, links[item.Index], item.Target, result, r => results[item.Index] = r, run.Stop.Token));
                            return;
                        }

                        results[item.Index] = result;
                    }, run.Stop.Token).ConfigureAwait(false);
                    await WorkerPool.WhenAllThenFirstFailureAsync(run.Retrying.Snapshot(), run.Stop.Token).ConfigureAwait(false);
                }
                catch (Exception ex)
                {
                    WorkerPool.Cancel(run.Stop);
                    await run.Retrying.EndedAsync().ConfigureAwait(false);
                    if (!(ex is OperationCanceledException) || run.LocalWriteFailure == null || cancellationToken.IsCancellationRequested)
                    {
                        throw;
                    }
                }
                finally
                {
                    await run.Concurrency.StopAsync().ConfigureAwait(false);
                    RemoveIfEmpty(newFolders);
                }

                run.Meter.Complete();
                var summary = new ImagenDownloadSummary(results.Select((result, i) => result ?? new ImagenDownloadResult(links[i], null, ImagenDownloadStatus.Pending, 0, $"'{links[i].FileName}' was not saved: the save stopped first.", null, null)).ToList());
                _log.Verbose($"Downloaded {summary.Downloaded} files; {summary.Unchanged} already saved, {summary.Skipped} left untouched, {summary.Failed} failed" + (summary.Pending > 0 ? $", {summary.Pending} pending" : string.Empty) + (run.Source.Refreshes > 0 ? $"; links requested again {run.Source.Refreshes} times." : "."));
                if (run.LocalWriteFailure is { } stop)
                {
                    var projects = links.Select(l => l.ProjectId).Distinct(StringComparer.Ordinal).ToList();
                    throw stop.StoppedSave(summary, projects.Count == 1 ? projects[0] : null);
                }

                return summary;
            }
        }

        /// <summary>How many refused links in a row, with no byte of the file received in between, end a file's download.</summary>
        private const int MaxLinkRefusalsWithoutProgress = 3;

        /// <summary>
        /// One attempt at a file (with the client's retries and fresh links), within the throttle; null when a local
        /// write error stopped the save (the file is pending).
        /// </summary>
        private async Task<ImagenDownloadResult?> DownloadRoundAsync(DownloadRun run, ImagenDownloadLink link, string target, CancellationToken cancellationToken)
        {
            await run.Concurrency.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                return await DownloadOneAsync(run, link, target, cancellationToken).ConfigureAwait(false);
            }
            catch (ImagenLocalWriteException stop)
            {
                // Not the network: nothing to retry, and the next file would fail the same way. Stop the save.
                run.StopFor(stop);
                _log.Verbose(stop.Message);
                return null;
            }
            finally
            {
                run.Concurrency.Gate.Release();
            }
        }

        /// <summary>True unless <paramref name="result"/> is a transient failure with time left in the download retry window.</summary>
        private bool SettledDownload(ImagenDownloadResult result, DateTime firstFailure) =>
            result.Status != ImagenDownloadStatus.Failed || result.Exception == null || !IsTransientTransferFailure(result.Exception)
            || _options.DownloadRetryWindow - (DateTime.UtcNow - firstFailure) <= TimeSpan.Zero;

        /// <summary>
        /// A file whose first round failed transiently: again after a pause, while it fails transiently, until
        /// DownloadRetryWindow has passed since the first failure, so an outage of a minute or two costs time, not
        /// results. It holds no transfer slot while it waits.
        /// </summary>
        private async Task DownloadWithinWindowAsync(DownloadRun run, ImagenDownloadLink link, string target, ImagenDownloadResult failed, Action<ImagenDownloadResult?> settle, CancellationToken cancellationToken)
        {
            var firstFailure = DateTime.UtcNow;
            var pause = _options.RetryBaseDelay;
            ImagenDownloadResult? result = failed;
            for (var round = 1; ; round++)
            {
                var left = _options.DownloadRetryWindow - (DateTime.UtcNow - firstFailure);
                var wait = pause < left ? pause : left;
                _log.Debug($"Download of '{link.FileName}' still failing after round {round} ({result.Message}); trying again in {wait.TotalSeconds:0.#} s ({left.TotalSeconds:0} s left of the {_options.DownloadRetryWindow.TotalSeconds:0} s download retry window).");
                run.Meter.FileRetrying(link.FileName);
                await Task.Delay(wait, cancellationToken).ConfigureAwait(false);
                pause = NextDelay(pause);
                result = await DownloadRoundAsync(run, link, target, cancellationToken).ConfigureAwait(false);
                if (result == null || SettledDownload(result, firstFailure))
                {
                    settle(result);
                    return;
                }
            }
        }

        private async Task<ImagenDownloadResult> DownloadOneAsync(DownloadRun run, ImagenDownloadLink link, string target, CancellationToken cancellationToken)
        {
            // This very result, saved here earlier by this project and unchanged since, needs no download unless it is to be replaced.
            var recorded = run.Ledger.FindOwnOutput(target);
            if (!run.Overwrite && recorded != null && recorded.Kind == link.Kind && string.Equals(recorded.FileName, link.FileName, StringComparison.Ordinal)
                && await IsUnchangedAsync(recorded, target, cancellationToken).ConfigureAwait(false))
            {
                run.Meter.FileCompleted(link.FileName);
                return new ImagenDownloadResult(link, target, ImagenDownloadStatus.Unchanged, recorded.Length, $"'{target}' was already saved.", null, null);
            }

            var folder = Path.GetDirectoryName(target)!;
            var temporary = ImagenDownloadPaths.TemporaryFor(target);
            var current = run.Source.Current(link);
            var received = new long[1];
            var refusals = 0;
            try
            {
                return await TransferWithFreshLinksAsync(
                    "Download",
                    link.FileName,
                    current.Url,
                    async url =>
                    {
                        LocalWrite(folder, () => Directory.CreateDirectory(folder));
                        var (length, sha256) = await GetToFileAsync(link, url, temporary, folder, run.Meter, received, run.Concurrency, cancellationToken).ConfigureAwait(false);

                        // A stop that arrives with the last bytes still wins: nothing is committed after Ctrl+C.
                        cancellationToken.ThrowIfCancellationRequested();
                        var result = await PlaceAsync(run, link, temporary, target, length, sha256, cancellationToken).ConfigureAwait(false);
                        run.Meter.FileCompleted(link.FileName);
                        return result;
                    },
                    async () =>
                    {
                        // Expired links are replaced as often as needed; a link refused again and again with nothing
                        // received in between is refused for another reason, and the file fails instead of looping.
                        refusals = Interlocked.Exchange(ref received[0], 0) > 0 ? 1 : refusals + 1;
                        if (refusals > MaxLinkRefusalsWithoutProgress)
                        {
                            throw new ImagenException($"Storage refused {MaxLinkRefusalsWithoutProgress} fresh links in a row for '{link.FileName}', so the link is not merely expired.", ImagenErrorIds.DownloadFailed);
                        }

                        current = await run.Source.AfterRefusalAsync(link, current.Generation, cancellationToken).ConfigureAwait(false);
                        return current.Url;
                    },
                    int.MaxValue,
                    (message, ex) => new ImagenDownloadResult(link, target, ImagenDownloadStatus.Failed, 0, message, ImagenErrorIds.DownloadFailed, ex),
                    run.Meter,
                    cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                TryDelete(temporary);
            }
        }

        /// <summary>Runs a local file operation; its IO or access failure becomes an <see cref="ImagenLocalWriteException"/> naming <paramref name="folder"/>.</summary>
        private static void LocalWrite(string folder, Action write)
        {
            try
            {
                write();
            }
            catch (Exception ex) when (ImagenLocalWriteException.IsLocalWriteFailure(ex))
            {
                throw new ImagenLocalWriteException(folder, ex);
            }
        }

        /// <summary>
        /// Puts a complete download in place: a new file is renamed into place; over an existing one, the same bytes
        /// count as saved, different bytes replace it only when overwriting a file this module wrote (unchanged since).
        /// </summary>
        private async Task<ImagenDownloadResult> PlaceAsync(DownloadRun run, ImagenDownloadLink link, string temporary, string target, long length, string sha256, CancellationToken cancellationToken)
        {
            var folder = Path.GetDirectoryName(target)!;
            if (!File.Exists(target))
            {
                LocalWrite(folder, () => MoveIntoPlace(temporary, target, replace: false));
                return Placed(run, link, target, length, sha256);
            }

            var existingLength = new FileInfo(target).Length;
            var existing = await Sha256Hasher.ComputeHexAsync(target, cancellationToken).ConfigureAwait(false);
            if (existingLength == length && existing == sha256)
            {
                return new ImagenDownloadResult(link, target, ImagenDownloadStatus.Unchanged, length, $"'{target}' already holds this result.", null, null);
            }

            var ours = run.Ledger.WroteExactly(target, existingLength, existing);
            if (run.Overwrite && ours)
            {
                cancellationToken.ThrowIfCancellationRequested();
                LocalWrite(folder, () => MoveIntoPlace(temporary, target, replace: true));
                return Placed(run, link, target, length, sha256);
            }

            var message = ours
                ? $"'{target}' holds an earlier result saved by Imagen that differs from this one; it was left untouched (use -Force to replace it)."
                : $"'{target}' already exists, differs from the result and was not written by Imagen; it is never replaced (not even with -Force). Save into another folder with -Path.";
            return new ImagenDownloadResult(link, target, ImagenDownloadStatus.Skipped, length, message, ImagenErrorIds.FileExists, null);
        }

        /// <summary>
        /// A result renamed into place is saved, whatever happens next: when its run record cannot be written (that
        /// disk is full too), the save stops, but this file counts as written.
        /// </summary>
        private ImagenDownloadResult Placed(DownloadRun run, ImagenDownloadLink link, string target, long length, string sha256)
        {
            try
            {
                run.Ledger.Saved(link.Kind, link.FileName, target, length, sha256);
            }
            catch (ImagenLocalWriteException stop)
            {
                run.StopFor(stop);
                _log.Verbose(stop.Message);
            }

            return new ImagenDownloadResult(link, target, ImagenDownloadStatus.Downloaded, length, null, null, null);
        }

        private static async Task<bool> IsUnchangedAsync(ImagenRunOutput recorded, string path, CancellationToken cancellationToken)
        {
            var info = new FileInfo(path);
            return info.Exists && info.Length == recorded.Length
                && string.Equals(await Sha256Hasher.ComputeHexAsync(path, cancellationToken).ConfigureAwait(false), recorded.Sha256, StringComparison.OrdinalIgnoreCase);
        }

        /// <summary>The folders (and their missing parents) that do not exist yet, deepest first.</summary>
        private static IReadOnlyList<string> MissingFolders(IEnumerable<string> folders)
        {
            var missing = new HashSet<string>(StringComparer.Ordinal);
            foreach (var folder in folders)
            {
                for (var current = folder; !string.IsNullOrEmpty(current) && !Directory.Exists(current); current = Path.GetDirectoryName(current))
                {
                    missing.Add(current!);
                }
            }

            return missing.OrderByDescending(f => f.Length).ToList();
        }

        /// <summary>Removes each folder that is empty (deepest first, so an emptied parent goes too); one in use stays.</summary>
        private void RemoveIfEmpty(IReadOnlyList<string> folders)
        {
            foreach (var folder in folders)
            {
                try
                {
                    if (Directory.Exists(folder) && !Directory.EnumerateFileSystemEntries(folder).Any())
                    {
                        Directory.Delete(folder);
                        _log.Verbose($"Removed the folder '{folder}', which this save created and left empty.");
                    }
                }
                catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
                {
                    // Something else is using it now: it is not ours to remove.
                }
            }
        }

        /// <summary>
        /// Removes what a killed save left for <paramref name="target"/>: only temporaries named for this very file
        /// by <see cref="ImagenDownloadPaths.TemporaryFor"/>, and only when no process is writing them (a live
        /// download holds its temporary open exclusively, which makes the open below fail).
        /// </summary>
        private void RemoveStaleTemporaries(string target)
        {
            var folder = Path.GetDirectoryName(target)!;
            if (!Directory.Exists(folder))
            {
                return;
            }

            var prefix = "." + Path.GetFileName(target) + ".";
            foreach (var path in Directory.EnumerateFiles(folder, prefix + "*" + ImagenDownloadPaths.TemporarySuffix))
            {
                var middle = Path.GetFileName(path).Substring(prefix.Length);
                middle = middle.Substring(0, middle.Length - ImagenDownloadPaths.TemporarySuffix.Length);
                if (middle.Length != 8 || !middle.All(Uri.IsHexDigit))
                {
                    continue;
                }

                try
                {
                    using (new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose))
                    {
                    }

                    _log.Verbose($"Removed '{path}', left by an interrupted save.");
                }
                catch (IOException)
                {
                    // In use by a save still running, or already gone.
                }
                catch (UnauthorizedAccessException)
                {
                }
            }
        }

        /// <summary>GETs one link into <paramref name="temporary"/>; returns its length and SHA-256. Bytes are also counted into <paramref name="receivedTotal"/>[0].</summary>
        /// <remarks>
        /// The temporary file is opened before the request goes out, so a folder that cannot be written is found
        /// before anything is asked of storage. Its write failures are <see cref="ImagenLocalWriteException"/>s
        /// (never retried); the network's are IOExceptions the retry pipeline handles.
        /// </remarks>
        private Task<(long Length, string Sha256)> GetToFileAsync(ImagenDownloadLink link, Uri url, string temporary, string folder, TransferMeter meter, long[] receivedTotal, TransferConcurrency concurrency, CancellationToken cancellationToken)
        {
            EnsureSafeStorageLink(url);
            return _http.ExecuteAsync("GET " + link.FileName, async token =>
            {
                long received = 0;
                long expectedCounted = 0;
                var started = DateTime.UtcNow;
                using (var transfer = concurrency.Begin())
                using (var idle = new IdleTimeout(token, _options.TransferIdleTimeout))
                using (var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256))
                {
                    try
                    {
                        FileStream? opened = null;
                        LocalWrite(folder, () => opened = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 1, FileOptions.Asynchronous));
                        using (var file = opened!)
                        using (var response = await _http.Storage.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, idle.Token).ConfigureAwait(false))
                        {
                            if (_log.IsDebugEnabled)
                            {
                                _log.Debug($"GET {ImagenHttp.DisplayLink(url)} ({link.FileName}) -> {(int)response.StatusCode} {response.ReasonPhrase} ({(DateTime.UtcNow - started).TotalMilliseconds:0} ms to headers)");
                            }

                            if (!response.IsSuccessStatusCode)
                            {
                                var text = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
                                throw _http.CreateError("GET", url, response, text, isStorage: true);
                            }

                            var expected = response.Content.Headers.ContentLength;
                            if (expected.HasValue)
                            {
                                meter.AddExpectedBytes(expected.Value);
                                expectedCounted = expected.Value;
                            }

                            var buffer = ArrayPool<byte>.Shared.Rent(128 * 1024);
                            try
                            {
                                using (var body = await response.Content.ReadAsStreamAsync().ConfigureAwait(false))
                                {
                                    int read;
                                    while ((read = await ReadAsync(body, buffer, idle.Token).ConfigureAwait(false)) > 0)
                                    {
                                        await WriteLocallyAsync(file, buffer, read, folder, idle.Token).ConfigureAwait(false);
                                        hash.AppendData(buffer, 0, read);
                                        received += read;
                                        Interlocked.Add(ref receivedTotal[0], read);
                                        meter.AddBytes(read, link.FileName);
                                        concurrency.Moved(read);
                                        idle.Reset();
                                    }

                                    await WriteLocallyAsync(file, buffer, 0, folder, idle.Token).ConfigureAwait(false);
                                }
                            }
                            finally
                            {
                                ArrayPool<byte>.Shared.Return(buffer);
                            }

                            if (expected.HasValue && expected.Value != received)
                            {
                                throw new IOException($"The download of '{link.FileName}' ended after {received} of {expected.Value} bytes.");
                            }

                            concurrency.Finished(transfer, received);
                            return (received, Sha256Hasher.Hex(hash.GetHashAndReset()));
                        }
                    }
                    catch (Exception ex)
                    {
                        meter.AddBytes(-received, link.FileName);
                        meter.AddExpectedBytes(-expectedCounted);
                        concurrency.Failed(ex, cancelledByCaller: token.IsCancellationRequested);
                        if (ex is OperationCanceledException && idle.Expired)
                        {
                            throw new TimeoutException($"No data arrived for {idle.Limit.TotalSeconds:0} s while downloading '{link.FileName}'.");
                        }

                        throw;
                    }
                }
            }, cancellationToken);
        }

        /// <summary>Writes <paramref name="count"/> bytes (none: flushes) to a local file; its failure is a local write error naming <paramref name="folder"/>.</summary>
        private static async Task WriteLocallyAsync(FileStream file, byte[] buffer, int count, string folder, CancellationToken token)
        {
            try
            {
                if (count > 0)
                {
                    await WriteAsync(file, buffer, count, token).ConfigureAwait(false);
                }
                else
                {
                    await file.FlushAsync(token).ConfigureAwait(false);
                }
            }
            catch (Exception ex) when (ImagenLocalWriteException.IsLocalWriteFailure(ex))
            {
                throw new ImagenLocalWriteException(folder, ex);
            }
        }

#if NET5_0_OR_GREATER
        private static ValueTask<int> ReadAsync(Stream stream, byte[] buffer, CancellationToken token) => stream.ReadAsync(buffer.AsMemory(), token);

        private static ValueTask WriteAsync(Stream stream, byte[] buffer, int count, CancellationToken token) => stream.WriteAsync(buffer.AsMemory(0, count), token);
#else
        private static Task<int> ReadAsync(Stream stream, byte[] buffer, CancellationToken token) => stream.ReadAsync(buffer, 0, buffer.Length, token);

        private static Task WriteAsync(Stream stream, byte[] buffer, int count, CancellationToken token) => stream.WriteAsync(buffer, 0, count, token);
#endif

        /// <summary>Renames a finished temporary into place; without <paramref name="replace"/> an existing target makes it fail (never clobbered).</summary>
        private static void MoveIntoPlace(string temporary, string target, bool replace)
        {
#if NETCOREAPP3_0_OR_GREATER
            File.Move(temporary, target, overwrite: replace);
#else
            if (replace && File.Exists(target))
            {
                File.Replace(temporary, target, null);
            }
            else
            {
                File.Move(temporary, target);
            }
#endif
        }

        private static void TryDelete(string path)
        {
            try
            {
                if (File.Exists(path))
                {
                    File.Delete(path);
                }
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        /// <summary>What the transfers of one save share.</summary>
        private sealed class DownloadRun : IDisposable
        {
            private ImagenLocalWriteException? _localWriteFailure;

            public DownloadRun(TransferMeter meter, DownloadLinkSource source, ImagenOutputLedger ledger, bool overwrite, TransferConcurrency concurrency, CancellationToken cancellationToken)
            {
                Meter = meter;
                Source = source;
                Ledger = ledger;
                Overwrite = overwrite;
                Concurrency = concurrency;
                Stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            }

            public TransferMeter Meter { get; }

            public DownloadLinkSource Source { get; }

            public ImagenOutputLedger Ledger { get; }

            public bool Overwrite { get; }

            /// <summary>How many files download at once (fixed, or following the line): each round takes a slot of its gate.</summary>
            public TransferConcurrency Concurrency { get; }

            /// <summary>Cancelled by the caller, or by a local write error that stops the save.</summary>
            public CancellationTokenSource Stop { get; }

            /// <summary>The first local write error, which stopped the save; null while it goes on.</summary>
            public ImagenLocalWriteException? LocalWriteFailure => Volatile.Read(ref _localWriteFailure);

            /// <summary>Stops every transfer of the save: the first local write error is the one reported.</summary>
            public void StopFor(ImagenLocalWriteException failure)
            {
                Interlocked.CompareExchange(ref _localWriteFailure, failure, null);
                WorkerPool.Cancel(Stop);
            }

            /// <summary>The files waiting out their retry window.</summary>
            public RetryingTransfers Retrying { get; } = new RetryingTransfers();

            public void Dispose()
            {
                Stop.Dispose();
                Concurrency.Dispose();
                Meter.Dispose();
            }
        }

        /// <summary>
        /// The download links of a save, shared by its transfers. The service lists a project's links in one call (the
        /// batch); a transfer takes the newest list known when it starts, and when storage refuses a link the list is
        /// requested again, once for every transfer that saw a link of the same list refused (single flight), as
        /// often as needed. So a save longer than any number of link lifetimes keeps working from fresh links.
        /// </summary>
        private sealed class DownloadLinkSource
        {
            private readonly ImagenClient _client;
            private readonly SemaphoreSlim _gate = new SemaphoreSlim(1, 1);
            private readonly Dictionary<(string, ImagenJobKind), (int Generation, Dictionary<string, Uri> Urls)> _lists = new Dictionary<(string, ImagenJobKind), (int, Dictionary<string, Uri>)>();
            private int _refreshes;

            public DownloadLinkSource(ImagenClient client)
            {
                _client = client;
            }

            /// <summary>How many times a list was requested again.</summary>
            public int Refreshes => Volatile.Read(ref _refreshes);

            /// <summary>The newest link known for <paramref name="link"/>'s file (generation 0: the link as planned).</summary>
            public (Uri? Url, int Generation) Current(ImagenDownloadLink link)
            {
                lock (_lists)
                {
                    return _lists.TryGetValue((link.ProjectId, link.Kind), out var list) ? (Find(list.Urls, link), list.Generation) : (link.Url, 0);
                }
            }

            /// <summary>A link newer than the refused one: from a list another transfer already fetched, else from a new request.</summary>
            public async Task<(Uri? Url, int Generation)> AfterRefusalAsync(ImagenDownloadLink link, int refusedGeneration, CancellationToken cancellationToken)
            {
                await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
                try
                {
                    var current = Current(link);
                    if (current.Generation > refusedGeneration)
                    {
                        return current;
                    }

                    var links = await _client.GetDownloadLinksAsync(link.ProjectId, link.Kind, cancellationToken).ConfigureAwait(false);
                    var urls = new Dictionary<string, Uri>(StringComparer.Ordinal);
                    foreach (var fresh in links)
                    {
                        urls[fresh.FileName] = fresh.Url;
                    }

                    Interlocked.Increment(ref _refreshes);
                    lock (_lists)
                    {
                        _lists[(link.ProjectId, link.Kind)] = (current.Generation + 1, urls);
                    }

                    return (Find(urls, link), current.Generation + 1);
                }
                finally
                {
                    _gate.Release();
                }
            }

            private static Uri? Find(Dictionary<string, Uri> urls, ImagenDownloadLink link) => urls.TryGetValue(link.FileName, out var url) ? url : null;
        }
    }
}
