namespace Imagen.Core
{
    /// <summary>What happened to one file of an upload.</summary>
    public sealed class ImagenUploadResult
    {
        internal ImagenUploadResult(string fileName, string localPath, long length, string? md5, string? error, string? errorId, System.Exception? exception)
        {
            FileName = fileName;
            LocalPath = localPath;
            Length = length;
            Md5 = md5;
            Error = error;
            ErrorId = errorId;
            Exception = exception;
        }

        /// <summary>The name in the project (the local base name).</summary>
        public string FileName { get; }

        public string LocalPath { get; }

        public long Length { get; }

        /// <summary>The base64 MD5 declared and verified by storage (null when Content-MD5 was off).</summary>
        public string? Md5 { get; }

        public bool Succeeded => Error == null;

        /// <summary>Why it failed, naming the file; null on success.</summary>
        public string? Error { get; }

        public string? ErrorId { get; }

        public System.Exception? Exception { get; }

        public override string ToString() => Succeeded ? FileName + ": uploaded" : FileName + ": " + Error;
    }
}
