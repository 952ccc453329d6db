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
    }
}
