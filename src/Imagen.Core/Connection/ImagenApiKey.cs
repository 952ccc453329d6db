using System;
using System.Linq;
using System.Runtime.InteropServices;
using System.Security;

namespace Imagen.Core
{
    /// <summary>
    /// The Imagen API key. It is deliberately opaque: nothing public exposes the secret, and <see cref="ToString"/>
    /// is redacted, so the key cannot leak through formatting, logging or PowerShell's default views.
    /// </summary>
    public sealed class ImagenApiKey
    {
        private readonly string _plainText;

        private ImagenApiKey(string plainText)
        {
            _plainText = plainText;
        }

        /// <summary>Only the HTTP layer reads this, to set the <c>x-api-key</c> header on API calls.</summary>
        internal string PlainText => _plainText;

        /// <summary>Creates a key from text; surrounding whitespace is removed (keys are often pasted).</summary>
        public static ImagenApiKey FromPlainText(string apiKey)
        {
            var trimmed = (apiKey ?? string.Empty).Trim();
            if (trimmed.Length == 0)
            {
                throw new ArgumentException(
                    "The Imagen API key is empty. Pass the key you received from Imagen support, or set the IMAGEN_API_KEY environment variable.",
                    nameof(apiKey));
            }

            if (trimmed.IndexOfAny(new[] { '\r', '\n' }) >= 0)
            {
                throw new ArgumentException("The Imagen API key contains a line break; paste the key on one line.", nameof(apiKey));
            }

            return new ImagenApiKey(trimmed);
        }

        /// <summary>Creates a key from a SecureString (the way PowerShell parameters take secrets).</summary>
        public static ImagenApiKey FromSecureString(SecureString apiKey)
        {
            if (apiKey == null)
            {
                throw new ArgumentNullException(nameof(apiKey));
            }

            var pointer = IntPtr.Zero;
            try
            {
                pointer = Marshal.SecureStringToGlobalAllocUnicode(apiKey);
                return FromPlainText(Marshal.PtrToStringUni(pointer) ?? string.Empty);
            }
            finally
            {
                if (pointer != IntPtr.Zero)
                {
                    Marshal.ZeroFreeGlobalAllocUnicode(pointer);
                }
            }
        }

        /// <summary>True when <paramref name="other"/> is the same key (compared in constant time; neither is revealed).</summary>
        public bool SameAs(ImagenApiKey? other)
        {
            if (other is null || other._plainText.Length != _plainText.Length)
            {
                return false;
            }

            int difference = 0;
            for (int i = 0; i < _plainText.Length; i++)
            {
                difference |= _plainText[i] ^ other._plainText[i];
            }

            return difference == 0;
        }

        /// <summary>
        /// Replaces the key in <paramref name="text"/> (defence against servers echoing request headers): the key in
        /// any letter case, its URL-encoded and base64 forms, and any run of <see cref="MinFragment"/> or more of its
        /// characters (what is left when a message is cut off in the middle of the key, or a server shows part of it).
        /// </summary>
        internal string Redact(string? text)
        {
            if (string.IsNullOrEmpty(text))
            {
                return text ?? string.Empty;
            }

            var result = text!;
            foreach (var form in EncodedForms())
            {
                result = ReplaceAll(result, form, form == _plainText ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);
            }

            return RedactFragments(result);
        }

        /// <summary>True when <paramref name="text"/> holds the key in any form <see cref="Redact"/> would hide.</summary>
        public bool AppearsIn(string? text) => !string.IsNullOrEmpty(text) && Redact(text) != text;

        /// <summary>Shorter runs of the key's characters are too likely to be ordinary text to hide.</summary>
        internal const int MinFragment = 8;

        private const string Mask = "***";

        private string[]? _forms;

        private System.Collections.Generic.HashSet<string>? _fragments;

        private string[] EncodedForms()
        {
            if (_forms == null)
            {
                var base64 = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(_plainText));
                var forms = new System.Collections.Generic.List<string> { _plainText, Uri.EscapeDataString(_plainText), base64, base64.TrimEnd('=') };
                _forms = forms.Where(f => f.Length > 0).Distinct(StringComparer.Ordinal).OrderByDescending(f => f.Length).ToArray();
            }

            return _forms;
        }

        private static string ReplaceAll(string text, string value, StringComparison comparison)
        {
            var at = text.IndexOf(value, comparison);
            if (at < 0)
            {
                return text;
            }

            // A key too short to be a real one is only hidden where it stands alone, not inside every word holding its letters.
            var wholeTokensOnly = value.Length < MinFragment;
            var builder = new System.Text.StringBuilder(text.Length);
            var from = 0;
            while (at >= 0)
            {
                var end = at + value.Length;
                if (!wholeTokensOnly || ((at == 0 || !char.IsLetterOrDigit(text[at - 1])) && (end == text.Length || !char.IsLetterOrDigit(text[end]))))
                {
                    builder.Append(text, from, at - from).Append(Mask);
                    from = end;
                }

                at = text.IndexOf(value, at + 1, comparison);
            }

            return builder.Append(text, from, text.Length - from).ToString();
        }

        private string RedactFragments(string text)
        {
            if (_plainText.Length < MinFragment + 4 || text.Length < MinFragment)
            {
                return text;
            }

            if (_fragments == null)
            {
                var fragments = new System.Collections.Generic.HashSet<string>(StringComparer.OrdinalIgnoreCase);
                for (var i = 0; i + MinFragment <= _plainText.Length; i++)
                {
                    fragments.Add(_plainText.Substring(i, MinFragment));
                }

                _fragments = fragments;
            }

            // Mark every character covered by a window that is part of the key, then mask each marked run once.
            bool[]? covered = null;
            for (var i = 0; i + MinFragment <= text.Length; i++)
            {
                if (_fragments.Contains(text.Substring(i, MinFragment)))
                {
                    covered = covered ?? new bool[text.Length];
                    for (var j = i; j < i + MinFragment; j++)
                    {
                        covered[j] = true;
                    }
                }
            }

            if (covered == null)
            {
                return text;
            }

            var builder = new System.Text.StringBuilder(text.Length);
            for (var i = 0; i < text.Length; i++)
            {
                if (!covered[i])
                {
                    builder.Append(text[i]);
                }
                else if (i == 0 || !covered[i - 1])
                {
                    builder.Append(Mask);
                }
            }

            return builder.ToString();
        }

        /// <summary>Always redacted.</summary>
        public override string ToString() => "ImagenApiKey(***)";
    }
}
