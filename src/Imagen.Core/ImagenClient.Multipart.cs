using System;
using System.Collections.Concurrent;
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
        private const int MaxParts = 10000;

        /// <summary>
        /// Part buffers of exactly one part size, reused between parts. ArrayPool would round a 5 MiB part up to an
        /// 8 MiB array and keep extra arrays per thread, so memory would exceed the parts in flight × part size; here
        /// no more buffers exist than parts were ever in flight at once (<see cref="TransferConcurrency.Parts"/>).
        /// </summary>
        private readonly ConcurrentBag<byte[]> _partBuffers = new ConcurrentBag<byte[]>();

        private byte[] RentPartBuffer(long partSize)
        {
            while (_partBuffers.TryTake(out var buffer))
            {
                if (buffer.LongLength == partSize)
                {
                    return buffer;
                }
            }

            return new byte[partSize];
        }

        /// <summary>Multipart exists for Smart Editing projects only (imagen-api.md §4.4).</summary>
        private bool UsesMultipart(ImagenProjectSource source, long length, long? threshold) =>
            source == ImagenProjectSource.SmartEdit && length > (threshold ?? _options.MultipartThreshold);

        /// <summary>
        /// One large file in parts: create (one link per part), PUT the parts several at once (each read from disk
        /// inside the concurrency limit, each retried on transient failures), complete. If it cannot complete —
        /// a part that keeps failing, a refused complete, or Ctrl+C — the upload is aborted on the service (best
        /// effort, on its own short timeout so a cancelled run still cleans up) and the file's failure names it.
        /// A run record (<paramref name="journal"/>) is told of the upload as soon as the service opened it and again
        /// when it ended, so an upload a killed process left open is aborted by the next run.
        /// </summary>
        private async Task<ImagenUploadResult> UploadMultipartAsync(string projectId, string fileName, string path, long length, TransferMeter meter, TransferConcurrency concurrency, ImagenRunRecord? journal, CancellationToken cancellationToken)
        {
            var partSize = Math.Max(_options.MultipartPartSize, (length + MaxParts - 1) / MaxParts);
            var partCount = (int)Math.Max(1, (length + partSize - 1) / partSize);
            _log.Verbose($"Uploading '{fileName}' ({ImagenFormat.Bytes(length)}) in {partCount} parts of up to {ImagenFormat.Bytes(partSize)}.");

            MultipartUpload upload;
            try
            {
                upload = await CreateMultipartUploadAsync(projectId, fileName, partCount, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (!(ex is OperationCanceledException && cancellationToken.IsCancellationRequested))
            {
                meter.FileFailed(fileName);
                return Failure(path, length, null, $"Upload of '{fileName}' failed: the multipart upload could not be started: {ex.Message}", ImagenErrorIds.MultipartUploadFailed, ex);
            }

            journal?.MultipartStarted(fileName, upload.UploadId, upload.Key);
            var partsSent = false;
            try
            {
                await UploadPartsAsync(upload, path, length, partSize, fileName, meter, concurrency, cancellationToken).ConfigureAwait(false);
                partsSent = true;
                var complete = ApiBody.Json(w => { w.WriteStartObject(); w.WriteString("file_name", fileName); w.WriteEndObject(); });
                await _http.SendAsync(HttpMethod.Post, SmartEditPath(projectId) + "/multipart_uploads/" + Uri.EscapeDataString(upload.UploadId) + "/complete", complete, retry: false, cancellationToken).ConfigureAwait(false);
                journal?.MultipartEnded(upload.UploadId);
                meter.FileCompleted(fileName);
                _log.Verbose($"Uploaded '{fileName}' in {partCount} parts.");
                return new ImagenUploadResult(fileName, path, length, null, null, null, null);
            }
            catch (Exception ex)
            {
                if (partsSent)
                {
                    meter.AddBytes(-length, fileName); // the complete failed: a new attempt sends every part again
                }

                var aborted = await AbortMultipartUploadAsync(projectId, upload.UploadId, upload.Key).ConfigureAwait(false);
                if (aborted)
                {
                    journal?.MultipartEnded(upload.UploadId);
                }

                if (ex is OperationCanceledException && cancellationToken.IsCancellationRequested)
                {
                    throw;
                }

                meter.FileFailed(fileName);
                var reason = ex is ImagenException ? ex.Message : ex.GetType().Name + ": " + ex.Message;
                return Failure(path, length, null, $"Upload of '{fileName}' failed: {reason} The multipart upload {(aborted ? "was aborted on the service" : "could not be aborted; the service discards it eventually")}.", ImagenErrorIds.MultipartUploadFailed, ex);
            }
        }

        private sealed class MultipartUpload
        {
            public MultipartUpload(string uploadId, string key, IReadOnlyList<Uri> partLinks)
            {
                UploadId = uploadId;
                Key = key;
                PartLinks = partLinks;
            }

            public string UploadId { get; }

            public string Key { get; }

            /// <summary>Part n's link at index n - 1.</summary>
            public IReadOnlyList<Uri> PartLinks { get; }
        }

        private async Task<MultipartUpload> CreateMultipartUploadAsync(string projectId, string fileName, int partCount, CancellationToken cancellationToken)
        {
            var body = ApiBody.Json(w => { w.WriteStartObject(); w.WriteString("file_name", fileName); w.WriteNumber("part_count", partCount); w.WriteEndObject(); });
            var payload = await _http.SendAsync(HttpMethod.Post, SmartEditPath(projectId) + "/multipart_uploads", body, retry: true, cancellationToken).ConfigureAwait(false);
            var uploadId = ApiEnvelope.GetString(payload, "upload_id");
            var key = ApiEnvelope.GetString(payload, "key");
            if (uploadId == null || key == null || !ApiEnvelope.TryGetList(payload, "parts", out var parts))
            {
                throw Unexpected("POST /i2i/projects/{id}/multipart_uploads", "upload_id, key and parts", payload);
            }

            var links = new Uri?[partCount];
            foreach (var part in parts.EnumerateArray())
            {
                var number = ApiEnvelope.GetInt(part, "part_number");
                var url = ApiEnvelope.GetString(part, "upload_url");
                if (number >= 1 && number <= partCount && url != null && Uri.TryCreate(url, UriKind.Absolute, out var uri))
                {
                    EnsureSafeStorageLink(uri);
                    links[number.Value - 1] = uri;
                }
            }

            // As the Java SDK checks: every part must have its link before a byte is sent.
            if (links.Any(l => l == null))
            {
                throw Unexpected("POST /i2i/projects/{id}/multipart_uploads", $"a link for each of the {partCount} parts", payload);
            }

            return new MultipartUpload(uploadId, key, links.Select(l => l!).ToList());
        }

        /// <summary>PUTs every part; if the file cannot go up, the bytes its parts counted are taken back from the meter (a new attempt counts them again).</summary>
        private async Task UploadPartsAsync(MultipartUpload upload, string path, long length, long partSize, string fileName, TransferMeter meter, TransferConcurrency concurrency, CancellationToken cancellationToken)
        {
            long sent = 0;
            using (var failed = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                var tasks = upload.PartLinks.Select(async (link, index) =>
                {
                    var gate = concurrency.Parts;
                    await gate.WaitAsync(failed.Token).ConfigureAwait(false);
                    try
                    {
                        var offset = index * partSize;
                        var size = (int)Math.Min(partSize, length - offset);
                        var buffer = RentPartBuffer(partSize);
                        try
                        {
                            await PutPartAsync(buffer, link, path, offset, size, index + 1, fileName, concurrency, failed.Token).ConfigureAwait(false);
                            meter.AddBytes(size, fileName);
                            concurrency.Moved(size);
                            Interlocked.Add(ref sent, size);
                        }
                        finally
                        {
                            _partBuffers.Add(buffer);
                        }
                    }
                    catch
                    {
                        failed.Cancel(); // one part that cannot go up dooms the file: stop the others
                        throw;
                    }
                    finally
                    {
                        gate.Release();
                    }
                }).ToList();
                try
                {
                    await Task.WhenAll(tasks).ConfigureAwait(false);
                }
                catch
                {
                    meter.AddBytes(-Interlocked.Read(ref sent), fileName);
                    if (cancellationToken.IsCancellationRequested)
                    {
                        throw;
                    }

                    // Report the part that failed first, not the ones cancelled because of it.
                    var first = tasks.Where(t => t.IsFaulted).Select(t => t.Exception!.InnerException!).FirstOrDefault();
                    if (first != null)
                    {
                        throw first;
                    }

                    throw;
                }
            }
        }

        /// <summary>Reads one part from disk into <paramref name="buffer"/> (inside the part gate) and PUTs it, retried by the pipeline on transient failures.</summary>
        private async Task PutPartAsync(byte[] buffer, Uri link, string path, long offset, int size, int partNumber, string fileName, TransferConcurrency concurrency, CancellationToken cancellationToken)
        {
            using (var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.Asynchronous))
            {
                file.Seek(offset, SeekOrigin.Begin);
                var read = 0;
                while (read < size)
                {
                    var n = await file.ReadAsync(buffer, read, size - read, cancellationToken).ConfigureAwait(false);
                    if (n == 0)
                    {
                        throw new IOException($"'{fileName}' became shorter while it was uploading (part {partNumber} ended after {read} of {size} bytes).");
                    }

                    read += n;
                }
            }

            await _http.ExecuteAsync("PUT part " + partNumber + " of " + fileName, async token =>
            {
                try
                {
                    using (var transfer = concurrency.Begin())
                    using (var content = new ByteArrayContent(buffer, 0, size))
                    using (var request = new HttpRequestMessage(HttpMethod.Put, link) { Content = content })
                    using (var response = await _http.Storage.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, token).ConfigureAwait(false))
                    {
                        if (_log.IsDebugEnabled)
                        {
                            _log.Debug($"PUT {ImagenHttp.DisplayLink(link)} (part {partNumber} of '{fileName}', {ImagenFormat.Bytes(size)}) -> {(int)response.StatusCode} {response.ReasonPhrase}");
                        }

                        if (!response.IsSuccessStatusCode)
                        {
                            var text = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
                            throw _http.CreateError("PUT", link, response, text, isStorage: true);
                        }

                        concurrency.Finished(transfer, size);
                        return true;
                    }
                }
                catch (Exception ex)
                {
                    concurrency.Failed(ex, cancelledByCaller: token.IsCancellationRequested);
                    throw;
                }
            }, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>
        /// Aborts the multipart uploads a run record shows open (a run killed while a large file went up), so none is
        /// left on the service; the file then goes up afresh. Reusing one is not possible: the API signs the part links
        /// only when an upload is created, and they are not kept. One that cannot be aborted now stays recorded and is
        /// tried again by the next run.
        /// </summary>
        internal async Task AbortRecordedMultipartUploadsAsync(string projectId, ImagenRunRecord journal)
        {
            foreach (var open in journal.OpenMultipartUploads)
            {
                _log.Verbose($"The multipart upload of '{open.FileName}' ({open.UploadId}) was left open by a stopped run; aborting it.");
                if (await AbortMultipartUploadAsync(projectId, open.UploadId, open.Key).ConfigureAwait(false))
                {
                    journal.MultipartEnded(open.UploadId);
                }
            }
        }

        /// <summary>
        /// DELETE …/multipart_uploads/{id} with the key, on its own 30-second token (the run's may be cancelled). True
        /// when it went through, or when the service no longer knows the upload (404: completed or aborted already).
        /// </summary>
        private async Task<bool> AbortMultipartUploadAsync(string projectId, string uploadId, string key)
        {
            using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
            {
                try
                {
                    var body = ApiBody.Json(w => { w.WriteStartObject(); w.WriteString("key", key); w.WriteEndObject(); });
                    await _http.SendAsync(HttpMethod.Delete, SmartEditPath(projectId) + "/multipart_uploads/" + Uri.EscapeDataString(uploadId), body, retry: true, timeout.Token).ConfigureAwait(false);
                    _log.Verbose($"Aborted multipart upload {uploadId}.");
                    return true;
                }
                catch (ImagenApiException gone) when (gone.StatusCode == 404)
                {
                    _log.Verbose($"Multipart upload {uploadId} is not open on the service any more.");
                    return true;
                }
                catch (Exception ex) when (!(ex is OutOfMemoryException))
                {
                    _log.Debug($"Aborting multipart upload {uploadId} failed: {ex.Message}");
                    return false;
                }
            }
        }
    }
}
