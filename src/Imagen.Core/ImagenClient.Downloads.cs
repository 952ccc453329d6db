using System;
using System.Buffers;
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
        /// <summary>Downloads every link into one folder (created if needed). See the per-link overload.</summary>
        public Task<ImagenDownloadSummary> DownloadFilesAsync(IReadOnlyList<ImagenDownloadLink> links, string destinationFolder, bool overwrite = false, IProgress<ImagenTransferProgress>? progress = null, int? throttleLimit = null, CancellationToken cancellationToken = default)
        {
            if (string.IsNullOrWhiteSpace(destinationFolder))
            {
                throw new ArgumentException("The destination folder is empty.", nameof(destinationFolder));
            }

            return DownloadFilesAsync(links, _ => destinationFolder, overwrite, progress, throttleLimit, cancellationToken);
        }

        /// <summary>
        /// Downloads each link into the folder <paramref name="folderFor"/> picks for it. Each file streams into a
        /// temporary file in that folder and is renamed into place only when complete, so a failure or Ctrl+C never
        /// leaves a half-written file. The local name is the link's file_name, refused if it could leave the folder.
        /// An existing file is skipped (and reported) unless <paramref name="overwrite"/>. An expired link is
        /// replaced by a fresh one. One file's failure is recorded and the others go on.
        /// </summary>
        public async Task<ImagenDownloadSummary> DownloadFilesAsync(IReadOnlyList<ImagenDownloadLink> links, Func<ImagenDownloadLink, string> folderFor, bool overwrite = false, IProgress<ImagenTransferProgress>? progress = null, int? throttleLimit = null, CancellationToken cancellationToken = default)
        {
            if (links == null)
            {
                throw new ArgumentNullException(nameof(links));
            }

            if (folderFor == null)
            {
                throw new ArgumentNullException(nameof(folderFor));
            }

            var throttle = throttleLimit ?? _options.ThrottleLimit;
            if (throttle < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(throttleLimit), throttle, "The throttle limit must be at least 1.");
            }

            var results = new ImagenDownloadResult[links.Count];
            var targets = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
            var work = new List<(int Index, string Target)>();
            for (var i = 0; i < links.Count; i++)
            {
                var link = links[i];
                try
                {
                    var target = ImagenDownloadPaths.Resolve(folderFor(link), link.FileName);
                    if (targets.ContainsKey(target))
                    {
                        results[i] = new ImagenDownloadResult(link, target, ImagenDownloadStatus.Failed, 0, $"The server listed '{link.FileName}' more than once; only the first was downloaded.", ImagenErrorIds.DuplicateFileName, null);
                        continue;
                    }

                    targets[target] = i;
                    if (File.Exists(target) && !overwrite)
                    {
                        results[i] = new ImagenDownloadResult(link, target, ImagenDownloadStatus.Skipped, new FileInfo(target).Length, $"'{target}' already exists and was left untouched (use -Force to replace it).", ImagenErrorIds.FileExists, null);
                        continue;
                    }

                    work.Add((i, target));
                }
                catch (ImagenException ex)
                {
                    _log.Verbose(ex.Message);
                    results[i] = new ImagenDownloadResult(link, null, ImagenDownloadStatus.Failed, 0, ex.Message, ex.ErrorId, ex);
                }
            }

            _log.Verbose($"Downloading {work.Count} files, {throttle} at a time" + (links.Count > work.Count ? $" ({links.Count - work.Count} skipped or refused)." : "."));
            var meter = new TransferMeter("Download", work.Count, 0, progress);
            var refresher = new LinkRefresher(this);
            await ForEachAsync(work, async item =>
            {
                results[item.Index] = await DownloadOneAsync(links[item.Index], item.Target, meter, refresher, cancellationToken).ConfigureAwait(false);
            }, throttle, cancellationToken).ConfigureAwait(false);
            meter.Report(force: true);

            var summary = new ImagenDownloadSummary(results);
            _log.Verbose($"Downloaded {summary.Downloaded} files; {summary.Skipped} skipped, {summary.Failed} failed.");
            return summary;
        }

        private async Task<ImagenDownloadResult> DownloadOneAsync(ImagenDownloadLink link, string target, TransferMeter meter, LinkRefresher refresher, CancellationToken cancellationToken)
        {
            var folder = Path.GetDirectoryName(target)!;
            var temporary = Path.Combine(folder, "." + Path.GetFileName(target) + "." + Guid.NewGuid().ToString("N").Substring(0, 8) + ".imagen-partial");
            try
            {
                return await TransferWithFreshLinksAsync(
                    "Download",
                    link.FileName,
                    link.Url,
                    async url =>
                    {
                        Directory.CreateDirectory(folder);
                        var length = await GetToFileAsync(link, url, temporary, meter, cancellationToken).ConfigureAwait(false);

                        // A stop that arrives with the last bytes still wins: nothing is committed after Ctrl+C.
                        cancellationToken.ThrowIfCancellationRequested();
                        MoveIntoPlace(temporary, target);
                        meter.FileCompleted(link.FileName);
                        return new ImagenDownloadResult(link, target, ImagenDownloadStatus.Downloaded, length, null, null, null);
                    },
                    () => refresher.FreshLinkAsync(link, cancellationToken),
                    maxLinkRefreshes: 1,
                    (message, ex) => new ImagenDownloadResult(link, target, ImagenDownloadStatus.Failed, 0, message, ImagenErrorIds.DownloadFailed, ex),
                    meter,
                    cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                TryDelete(temporary);
            }
        }

        private Task<long> GetToFileAsync(ImagenDownloadLink link, Uri url, string temporary, TransferMeter meter, CancellationToken cancellationToken)
        {
            EnsureSafeStorageLink(url);
            return _http.ExecuteAsync("GET " + link.FileName, async token =>
            {
                long received = 0;
                long expectedCounted = 0;
                var started = DateTime.UtcNow;
                using (var idle = new IdleTimeout(token, _options.TransferIdleTimeout))
                {
                    try
                    {
                        using (var response = await _http.Storage.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, idle.Token).ConfigureAwait(false))
                        {
                            _log.Debug($"GET {ImagenHttp.DisplayLink(url)} ({link.FileName}) -> {(int)response.StatusCode} {response.ReasonPhrase} ({(DateTime.UtcNow - started).TotalMilliseconds:0} ms to headers)");
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
                                using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 1, FileOptions.Asynchronous))
                                {
                                    int read;
                                    while ((read = await ReadAsync(body, buffer, idle.Token).ConfigureAwait(false)) > 0)
                                    {
                                        await WriteAsync(file, buffer, read, idle.Token).ConfigureAwait(false);
                                        received += read;
                                        meter.AddBytes(read, link.FileName);
                                        idle.Reset();
                                    }

                                    await file.FlushAsync(idle.Token).ConfigureAwait(false);
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

                            return received;
                        }
                    }
                    catch (Exception ex)
                    {
                        meter.AddBytes(-received, link.FileName);
                        meter.AddExpectedBytes(-expectedCounted);
                        if (ex is OperationCanceledException && idle.Expired)
                        {
                            throw new TimeoutException($"No data arrived for {idle.Limit.TotalSeconds:0} s while downloading '{link.FileName}'.");
                        }

                        throw;
                    }
                }
            }, cancellationToken);
        }

#if NET5_0_OR_GREATER
        private static ValueTask<int> ReadAsync(Stream stream, byte[] buffer, CancellationToken token) => stream.ReadAsync(buffer.AsMemory(), token);

        private static ValueTask WriteAsync(Stream stream, byte[] buffer, int count, CancellationToken token) => stream.WriteAsync(buffer.AsMemory(0, count), token);
#else
        private static Task<int> ReadAsync(Stream stream, byte[] buffer, CancellationToken token) => stream.ReadAsync(buffer, 0, buffer.Length, token);

        private static Task WriteAsync(Stream stream, byte[] buffer, int count, CancellationToken token) => stream.WriteAsync(buffer, 0, count, token);
#endif

        private static void MoveIntoPlace(string temporary, string target)
        {
#if NETCOREAPP3_0_OR_GREATER
            File.Move(temporary, target, overwrite: true);
#else
            if (File.Exists(target))
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

        /// <summary>Re-requests a project's download links once per batch when storage says a link expired.</summary>
        private sealed class LinkRefresher
        {
            private readonly ImagenClient _client;
            private readonly SemaphoreSlim _gate = new SemaphoreSlim(1, 1);
            private readonly Dictionary<(string, ImagenJobKind), IReadOnlyList<ImagenDownloadLink>> _fresh = new Dictionary<(string, ImagenJobKind), IReadOnlyList<ImagenDownloadLink>>();

            public LinkRefresher(ImagenClient client)
            {
                _client = client;
            }

            public async Task<Uri?> FreshLinkAsync(ImagenDownloadLink link, CancellationToken cancellationToken)
            {
                await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
                try
                {
                    var key = (link.ProjectId, link.Kind);
                    if (!_fresh.TryGetValue(key, out var links))
                    {
                        links = await _client.GetDownloadLinksAsync(link.ProjectId, link.Kind, cancellationToken).ConfigureAwait(false);
                        _fresh[key] = links;
                    }

                    return links.FirstOrDefault(l => string.Equals(l.FileName, link.FileName, StringComparison.Ordinal))?.Url;
                }
                finally
                {
                    _gate.Release();
                }
            }
        }
    }
}
