namespace Imagen.Core
{
    /// <summary>What happened to one downloaded file.</summary>
    public sealed class ImagenDownloadResult
    {
        internal ImagenDownloadResult(ImagenDownloadLink link, string? path, ImagenDownloadStatus status, long length, string? message, string? errorId, System.Exception? exception)
        {
            Link = link;
            FileName = link.FileName;
            Path = path;
            Status = status;
            Length = length;
            Message = message;
            ErrorId = errorId;
            Exception = exception;
        }

        public ImagenDownloadLink Link { get; }

        public string FileName { get; }

        /// <summary>The local file (null when the name was refused).</summary>
        public string? Path { get; }

        public ImagenDownloadStatus Status { get; }

        public long Length { get; }

        /// <summary>Why it was skipped or failed.</summary>
        public string? Message { get; }

        public string? ErrorId { get; }

        public System.Exception? Exception { get; }

        public override string ToString() => $"{FileName}: {Status}" + (Message == null ? string.Empty : " (" + Message + ")");
    }
}
