namespace Imagen.Emulator.Storage;

/// <summary>The emulator's "buckets": uploads (PUT only) and the outputs of edits and exports (GET only).</summary>
public static class StorageArea
{
    public const string Upload = "upload", Edit = "edit", Export = "export";
}
