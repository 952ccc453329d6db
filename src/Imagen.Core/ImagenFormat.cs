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
        /// 377 Mbit/s, 4.5 Mbit/s, 0.25 Mbit/s: a rate in megabits per second, the unit of a line and of
        /// -MaximumBandwidth (decimal: 1 Mbit/s is 125,000 bytes per second).
        /// </summary>
        public static string BitRate(double bytesPerSecond)
        {
            var megabits = bytesPerSecond * 8 / 1_000_000;
            var format = megabits >= 10 ? "0" : megabits >= 1 ? "0.#" : "0.##";
            return megabits.ToString(format, CultureInfo.InvariantCulture) + " Mbit/s";
        }

        /// <summary>1.2 s, 45 s, 3 min 20 s, 2 h 5 min: a duration for a message.</summary>
        public static string Duration(TimeSpan duration)
        {
            if (duration < TimeSpan.Zero)
            {
                duration = TimeSpan.Zero;
            }

            if (duration.TotalSeconds < 10)
            {
                return duration.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture) + " s";
            }

            if (duration.TotalMinutes < 1)
            {
                return ((int)duration.TotalSeconds).ToString(CultureInfo.InvariantCulture) + " s";
            }

            if (duration.TotalHours < 1)
            {
                return string.Format(CultureInfo.InvariantCulture, "{0} min {1} s", (int)duration.TotalMinutes, duration.Seconds);
            }

            return string.Format(CultureInfo.InvariantCulture, "{0} h {1} min", (int)duration.TotalHours, duration.Minutes);
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
