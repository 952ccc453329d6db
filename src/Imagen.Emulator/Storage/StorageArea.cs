namespace Imagen.Emulator.Storage;

/// <summary>
/// The emulator's "buckets": uploads and replacement exports (PUT only), multipart parts (PUT only, their own route),
/// and the outputs of edits, exports, Copilot versions and finalize (GET only).
/// </summary>
public static class StorageArea
{
    public const string Upload = "upload", Edit = "edit", Export = "export";
    public const string ExportUpload = "export-upload", Parts = "parts", Versions = "versions", Final = "final";
}
