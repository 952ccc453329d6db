namespace Imagen.PowerShell.Errors
{
    /// <summary>
    /// FullyQualifiedErrorIds raised by the PowerShell layer itself (Core's ids are in Imagen.Core.ImagenErrorIds).
    /// Scripts rely on them: never rename one.
    /// </summary>
    public static class PowerShellErrorIds
    {
        public const string ApiKeyMissing = "ImagenApiKeyMissing";
        public const string InvalidApiKey = "ImagenInvalidApiKey";
        public const string InvalidBaseUrl = "ImagenInvalidBaseUrl";
        public const string InvalidBandwidth = "ImagenInvalidBandwidth";
        public const string InvalidSetting = "ImagenInvalidSetting";
        public const string ConfirmationRequired = "ImagenConfirmationRequired";
        public const string NotAFileSystemPath = "ImagenNotAFileSystemPath";
        public const string MultipleProfiles = "ImagenMultipleProfiles";
        public const string UnexpectedError = "ImagenUnexpectedError";
    }
}
