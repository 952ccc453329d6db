using System;
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

        /// <summary>Replaces every occurrence of the key in <paramref name="text"/> (defence against servers echoing it).</summary>
        internal string Redact(string? text)
        {
            if (string.IsNullOrEmpty(text))
            {
                return text ?? string.Empty;
            }

            return text!.IndexOf(_plainText, StringComparison.Ordinal) >= 0 ? text.Replace(_plainText, "***") : text;
        }

        /// <summary>Always redacted.</summary>
        public override string ToString() => "ImagenApiKey(***)";
    }
}
