using System;

namespace Imagen.Core
{
    /// <summary>
    /// One Copilot or enhancement result (imagen-api.md §3.11): a new version of an image. Its
    /// <see cref="VersionId"/> is the parent of the next request, so results chain.
    /// </summary>
    public sealed class ImagenEnhancement
    {
        public ImagenEnhancement(string projectId, ImagenProjectSource source, string fileName, string request, string? status, string? versionId, string? basedOnVersionId, Uri? enhancedImageUrl)
        {
            ProjectId = projectId;
            Source = source;
            FileName = fileName;
            Request = request;
            Status = status;
            VersionId = versionId;
            BasedOnVersionId = basedOnVersionId;
            EnhancedImageUrl = enhancedImageUrl;
        }

        public string ProjectId { get; }

        public ImagenProjectSource Source { get; }

        /// <summary>The image the request was for.</summary>
        public string FileName { get; }

        /// <summary>The instruction, or the tool id of an enhancement.</summary>
        public string Request { get; }

        /// <summary>The server's status text (e.g. "SUCCESS").</summary>
        public string? Status { get; }

        /// <summary>The new version's id as the server sent it (its type is not documented: kept as text).</summary>
        public string? VersionId { get; }

        /// <summary>The version this one was made from; null when made from the edited image. (Not named ParentVersionId, so piping a result binds its VersionId as the next request's -ParentVersionId.)</summary>
        public string? BasedOnVersionId { get; }

        /// <summary>A signed link to the enhanced image. A credential while it lives: not for logs.</summary>
        public Uri? EnhancedImageUrl { get; }

        public override string ToString() => $"{FileName} v{VersionId}: {Request}";
    }
}
