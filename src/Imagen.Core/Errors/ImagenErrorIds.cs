namespace Imagen.Core
{
    /// <summary>
    /// Stable error identifiers. The cmdlets use them as FullyQualifiedErrorId, so scripts can rely on them: never
    /// rename one.
    /// </summary>
    public static class ImagenErrorIds
    {
        // File checks.
        public const string FileNotFound = "ImagenFileNotFound";
        public const string UnsupportedFileType = "ImagenUnsupportedFileType";
        public const string FileTypeMismatch = "ImagenFileTypeMismatch";
        public const string MixedFileTypes = "ImagenMixedFileTypes";
        public const string FileContentMismatch = "ImagenFileContentMismatch";
        public const string FileUnreadable = "ImagenFileUnreadable";
        public const string DuplicateFileName = "ImagenDuplicateFileName";
        public const string NoFiles = "ImagenNoFiles";
        public const string UnsupportedProfileType = "ImagenUnsupportedProfileType";

        // Profiles and options.
        public const string ProfileNotFound = "ImagenProfileNotFound";
        public const string ConflictingEditOptions = "ImagenConflictingEditOptions";
        public const string InvalidEditOption = "ImagenInvalidEditOption";

        // The API.
        public const string AuthenticationFailed = "ImagenAuthenticationFailed";
        public const string RequestRejected = "ImagenRequestRejected";
        public const string NotFound = "ImagenNotFound";
        public const string RateLimited = "ImagenRateLimited";
        public const string ServerError = "ImagenServerError";
        public const string ConnectionFailed = "ImagenConnectionFailed";
        public const string UnexpectedResponse = "ImagenUnexpectedResponse";
        public const string UnsafeRedirect = "ImagenUnsafeRedirect";

        // The workflow.
        public const string ProjectCreateFailed = "ImagenProjectCreateFailed";
        public const string UploadFailed = "ImagenUploadFailed";

        /// <summary>A file changed (grew, shrank or was replaced) while it was being read for its upload.</summary>
        public const string FileChanged = "ImagenFileChanged";
        public const string AllUploadsFailed = "ImagenAllUploadsFailed";
        public const string EditFailed = "ImagenEditFailed";
        public const string ExportFailed = "ImagenExportFailed";
        public const string DownloadFailed = "ImagenDownloadFailed";
        public const string UnsafeFileName = "ImagenUnsafeFileName";
        public const string PathTooLong = "ImagenPathTooLong";
        public const string FileExists = "ImagenFileExists";
        public const string UnsafeLink = "ImagenUnsafeLink";

        /// <summary>A local file could not be written (disk full, read-only, access denied): the save stopped.</summary>
        public const string LocalWriteFailed = "ImagenLocalWriteFailed";

        // Saving results next to existing files.
        public const string OriginalProtected = "ImagenOriginalProtected";
        public const string ResultsDiffer = "ImagenResultsDiffer";
        public const string OriginalsFolder = "ImagenOriginalsFolder";

        // Runs (the run record).
        public const string RunInProgress = "ImagenRunInProgress";
        public const string ShootSettingsDiffer = "ImagenShootSettingsDiffer";
        public const string ResultNamesCollide = "ImagenResultNamesCollide";
        public const string PhotoBudgetExceeded = "ImagenPhotoBudgetExceeded";
        public const string PhotoNotEdited = "ImagenPhotoNotEdited";
        public const string ProjectNameForManyShoots = "ImagenProjectNameForManyShoots";
        public const string UploadsIncomplete = "ImagenUploadsIncomplete";
        public const string WaitTimedOut = "ImagenWaitTimedOut";
        public const string RunChanged = "ImagenRunChanged";
        public const string SmartEditFailed = "ImagenSmartEditFailed";
        public const string TooFewImages = "ImagenTooFewImages";
        public const string MultipartUploadFailed = "ImagenMultipartUploadFailed";
        public const string PhotosEditedBefore = "ImagenPhotosEditedBefore";
    }
}
