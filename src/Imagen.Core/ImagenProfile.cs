namespace Imagen.Core
{
    /// <summary>A trained editing style (the API's profile), as GET /profiles returns it.</summary>
    public sealed class ImagenProfile
    {
        public ImagenProfile(int profileKey, string profileName, string imageType, string profileType)
        {
            ProfileKey = profileKey;
            ProfileName = profileName;
            ImageType = imageType;
            ProfileType = profileType;
        }

        /// <summary>The key used on /edit, e.g. 5700.</summary>
        public int ProfileKey { get; }

        /// <summary>Human-readable name, e.g. "CLEAN &amp; CRISP" (not unique).</summary>
        public string ProfileName { get; }

        /// <summary>"RAW" or "JPG": the only file type the profile edits.</summary>
        public string ImageType { get; }

        /// <summary>"Personal" or "Talent" (other values are possible).</summary>
        public string ProfileType { get; }

        /// <summary>The file kind this profile edits, or null when the server sent an unknown image type.</summary>
        public ImagenFileKind? FileKind => ImagenFileTypes.KindForProfileImageType(ImageType);

        public override string ToString() => $"{ProfileKey} {ProfileName} ({ImageType}, {ProfileType})";
    }
}
