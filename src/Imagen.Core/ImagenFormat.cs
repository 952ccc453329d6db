using System;
using System.Globalization;

namespace Imagen.Core
{
    /// <summary>Short human-readable figures for logs, messages and progress bars.</summary>
    public static class ImagenFormat
    {
        private static readonly string[] ByteUnits = { "B", "KB", "MB", "GB", "TB" };

        /// <summary>
        /// 812 B, 640 KB, 1.5 MB (binary multiples, one decimal at most). Invariant culture unless
        /// <paramref name="provider"/> says otherwise (a progress bar passes the user's culture).
        /// </summary>
        public static string Bytes(long bytes, IFormatProvider? provider = null)
        {
            double value = bytes;
            var unit = 0;
            while (Math.Abs(value) >= 1024 && unit < ByteUnits.Length - 1)
            {
                value /= 1024;
                unit++;
            }

            return value.ToString(unit == 0 ? "0" : "0.#", provider ?? CultureInfo.InvariantCulture) + " " + ByteUnits[unit];
        }

        /// <summary>
        /// Text that others wrote (a server's message, an exception's) as a sentence inside ours: trimmed, ending with
        /// exactly one full stop ("Invalid API key." stays as it is, "denied" gets its period).
        /// </summary>
        public static string Sentence(string? text)
        {
            var trimmed = (text ?? string.Empty).Trim();
            if (trimmed.Length == 0)
            {
                return string.Empty;
            }

            return trimmed.EndsWith(".", StringComparison.Ordinal) || trimmed.EndsWith("!", StringComparison.Ordinal) || trimmed.EndsWith("?", StringComparison.Ordinal)
                ? trimmed
                : trimmed + ".";
        }
    }
}
