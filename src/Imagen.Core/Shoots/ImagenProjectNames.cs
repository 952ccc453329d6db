using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Imagen.Core
{
    /// <summary>
    /// The names the module gives projects, so the service can tell again what a lost record knew. Project names are
    /// unique per account and the API finds a project by name, so a name derived from the shoot and its photos lets
    /// another path, machine or account, or a run whose record is gone, find the project instead of billing a new
    /// one: <c>Smith_Wedding (120 photos, 3f9a2c1b7e)</c> for a shoot's first project and
    /// <c>Smith_Wedding (+12 photos, 8c0d44aa21)</c> for a follow-on of photos added later. The readable part is the
    /// shoot folder's name; the fingerprint covers the photos' names and sizes (not their time stamps, which a copy
    /// or a daylight-saving shift changes).
    /// </summary>
    public static class ImagenProjectNames
    {
        private const int FingerprintLength = 10;
        private const int ReadableMaximum = 80;
        private static readonly Regex Shape = new Regex(@"^(?<readable>.+) \((?<more>\+?)(?<count>\d+) photos?, (?<fp>[0-9a-f]{10})\)$", RegexOptions.CultureInvariant);

        /// <summary>The readable part: the folder's name with anything but letters, digits, '-', '_' and '.' made '_'.</summary>
        public static string Readable(string folderName)
        {
            var builder = new StringBuilder();
            foreach (var c in folderName ?? string.Empty)
            {
                builder.Append(char.IsLetterOrDigit(c) || c == '-' || c == '_' || c == '.' ? c : '_');
            }

            var readable = builder.ToString().Trim('_', '.');
            if (readable.Length > ReadableMaximum)
            {
                readable = readable.Substring(0, ReadableMaximum).TrimEnd('_', '.');
            }

            return readable.Length == 0 ? "Imagen" : readable;
        }

        /// <summary>A short hex fingerprint of the photos' names (case-insensitively) and sizes, in any order.</summary>
        public static string Fingerprint(IEnumerable<(string Name, long Length)> photos) => Hash(Lines(photos));

        private static IEnumerable<string> Lines(IEnumerable<(string Name, long Length)> photos) =>
            photos.Select(p => p.Name.ToUpperInvariant() + "\t" + p.Length.ToString(CultureInfo.InvariantCulture));

        private static string Hash(IEnumerable<string> unordered)
        {
            var lines = unordered.OrderBy(line => line, StringComparer.Ordinal);
            using (var sha = SHA256.Create())
            {
                var hash = sha.ComputeHash(Encoding.UTF8.GetBytes(string.Join("\n", lines)));
                return BitConverter.ToString(hash).Replace("-", string.Empty).ToLowerInvariant().Substring(0, FingerprintLength);
            }
        }

        /// <summary>The name of a project of <paramref name="photos"/> in the shoot whose readable name is <paramref name="readable"/>.</summary>
        public static string For(string readable, IReadOnlyCollection<(string Name, long Length)> photos, bool followOn) =>
            string.Format(
                CultureInfo.InvariantCulture,
                "{0} ({1}{2} {3}, {4})",
                readable,
                followOn ? "+" : string.Empty,
                photos.Count,
                photos.Count == 1 ? "photo" : "photos",
                Fingerprint(photos));

        /// <summary>
        /// The name of a Smart Editing project of <paramref name="photos"/> edited with <paramref name="options"/> (their
        /// settings text): the same shape, with the options in the fingerprint, so the same photos Smart-edited with
        /// other options are another project, and never taken for this one.
        /// </summary>
        public static string ForSmartEdit(string readable, IReadOnlyCollection<(string Name, long Length)> photos, string options) =>
            string.Format(
                CultureInfo.InvariantCulture,
                "{0} ({1} {2}, {3})",
                readable,
                photos.Count,
                photos.Count == 1 ? "photo" : "photos",
                SmartEditFingerprint(photos, options));

        /// <summary>The fingerprint of a Smart Editing project's name: the photos' names and sizes, and the options.</summary>
        public static string SmartEditFingerprint(IEnumerable<(string Name, long Length)> photos, string options) =>
            Hash(Lines(photos).Concat(new[] { "smart-edit\t" + options }));

        /// <summary>Reads a name this class made: its readable part, photo count, fingerprint and whether it is a follow-on.</summary>
        public static bool TryParse(string? name, out string readable, out int count, out string fingerprint, out bool followOn)
        {
            readable = fingerprint = string.Empty;
            count = 0;
            followOn = false;
            var match = name == null ? null : Shape.Match(name);
            if (match == null || !match.Success)
            {
                return false;
            }

            readable = match.Groups["readable"].Value;
            followOn = match.Groups["more"].Value.Length > 0;
            fingerprint = match.Groups["fp"].Value;
            return int.TryParse(match.Groups["count"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out count);
        }

        /// <summary>True when <paramref name="name"/> is one of this class's names for a shoot whose readable name is <paramref name="readable"/>.</summary>
        public static bool BelongsTo(string? name, string readable) =>
            TryParse(name, out var found, out _, out _, out _) && string.Equals(found, readable, StringComparison.Ordinal);
    }
}
