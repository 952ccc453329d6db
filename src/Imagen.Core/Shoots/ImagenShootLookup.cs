using System.IO;
using System.Linq;

namespace Imagen.Core
{
    /// <summary>Finding the shoot a folder is, the way Invoke-ImagenEdit does (for Get-ImagenRun -Shoot).</summary>
    public static class ImagenShootLookup
    {
        /// <summary>
        /// The id of the shoot <paramref name="folder"/> is (by its identity, a path it was seen at, or its photos), or
        /// null. A folder that is not there any more matches the shoots seen at that path.
        /// </summary>
        public static string? ShootIdFor(ImagenRunStore store, string folder)
        {
            var full = Path.GetFullPath(folder).TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
            if (!Directory.Exists(full))
            {
                return store.ListShoots().FirstOrDefault(s => s.Folders.Any(f => ImagenRunRecord.PathComparer.Equals(f.TrimEnd(Path.DirectorySeparatorChar), full)))?.ShootId;
            }

            return store.ListShoots().FirstOrDefault(record => IsShootOf(store, record, full))?.ShootId;
        }

        /// <summary>True when <paramref name="folder"/> is the shoot of <paramref name="record"/>: its identity, a path it was seen at, or its photos.</summary>
        public static bool IsShootOf(ImagenRunStore store, ImagenShootRecord record, string folder)
        {
            var full = Path.GetFullPath(folder);
            var identity = ShootFolder.IdentityOf(full);
            if (record.WasSeenAt(full, identity))
            {
                return true;
            }

            var kind = ImagenFileTypes.KindForProfileImageType(record.ImageType);
            if (kind == null)
            {
                return false;
            }

            var photos = ShootScanner.Scan(full, kind.Value, recurse: false);
            return store.FindShoot(full, identity, record.ImageType, photos)?.ShootId == record.ShootId;
        }
    }
}
