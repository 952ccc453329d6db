namespace Imagen.Core
{
    /// <summary>
    /// A multipart upload a run record knows is open on the service: what DELETE …/multipart_uploads/{id} needs to
    /// abort it (its id and key, imagen-api.md §3.10 row 9), and the file it was for.
    /// </summary>
    internal sealed class ImagenMultipartUpload
    {
        public ImagenMultipartUpload(string fileName, string uploadId, string key)
        {
            FileName = fileName;
            UploadId = uploadId;
            Key = key;
        }

        public string FileName { get; }

        public string UploadId { get; }

        public string Key { get; }

        public override string ToString() => $"{FileName} ({UploadId})";
    }
}
