using System;
using System.Threading;
using System.Threading.Tasks;

namespace Imagen.Core
{
    public sealed partial class ImagenClient
    {
        /// <summary>
        /// One file's transfer over a signed storage link, with the rules uploads and downloads share: a missing link
        /// is asked for; a link storage refuses (403: expired or bad signature) is replaced by a fresh one and tried
        /// again, up to <paramref name="maxLinkRefreshes"/> times (the API refusing the key while a link is requested is
        /// not such a refusal); <paramref name="freshLink"/> may throw to give up earlier; cancellation and a local write
        /// error (<see cref="ImagenLocalWriteException"/>) stop everything; any other failure
        /// belongs to this file alone and becomes <paramref name="failure"/>'s result, so the other files go on.
        /// </summary>
        private async Task<TResult> TransferWithFreshLinksAsync<TResult>(
            string operation,
            string fileName,
            Uri? link,
            Func<Uri, Task<TResult>> transfer,
            Func<Task<Uri?>> freshLink,
            int maxLinkRefreshes,
            Func<string, Exception, TResult> failure,
            TransferMeter meter,
            CancellationToken cancellationToken)
        {
            for (var refresh = 0; ; refresh++)
            {
                try
                {
                    link = link ?? await freshLink().ConfigureAwait(false)
                        ?? throw new ImagenException($"The server returned no {operation.ToLowerInvariant()} link for '{fileName}'.", ImagenErrorIds.UnexpectedResponse);
                    return await transfer(link).ConfigureAwait(false);
                }
                catch (ImagenApiException ex) when (ex.StatusCode == 403 && !(ex is ImagenAuthenticationException) && refresh < maxLinkRefreshes)
                {
                    _log.Debug($"Storage refused the {operation.ToLowerInvariant()} link for '{fileName}' ({ex.ServerMessage}); requesting a new link.");
                    link = null;
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    throw;
                }
                catch (ImagenLocalWriteException)
                {
                    // The local disk, not this file's transfer: the caller stops the whole save.
                    throw;
                }
                catch (Exception ex)
                {
                    meter.FileFailed(fileName);
                    var reason = ex is ImagenException ? ex.Message : ex.GetType().Name + ": " + ex.Message;
                    _log.Verbose($"{operation} of '{fileName}' failed: {reason}");
                    return failure($"{operation} of '{fileName}' failed: {reason}", ex);
                }
            }
        }
    }
}
