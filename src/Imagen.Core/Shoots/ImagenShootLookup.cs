using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace Imagen.Core
{
    /// <summary>Finding the shoot a folder is, the way Invoke-ImagenEdit does (for Get-ImagenRun -Shoot).</summary>
    public static class ImagenShootLookup
    {
        /// <summary>
        /// The ids of the shoots <paramref name="folder"/> is (by its identity, a path it was seen at, or its photos): one
        /// per kind of edit (its RAW photos, its JPEGs, a Smart Edit). A folder that is not there any more matches the
        /// shoots seen at that path.
        /// </summary>
        public static IReadOnlyList<string> ShootIdsFor(ImagenRunStore store, string folder)
        {
            var full = Path.GetFullPath(folder).TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
            var shoots = store.ListShoots();
            var matching = Directory.Exists(full)
                ? shoots.Where(record => IsShootOf(store, record, full))
                : shoots.Where(s => s.Folders.Any(f => ImagenRunRecord.PathComparer.Equals(f.TrimEnd(Path.DirectorySeparatorChar), full)));
            return matching.Select(s => s.ShootId).ToList();
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
