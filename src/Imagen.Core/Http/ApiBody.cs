using System;
using System.IO;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Imagen.Core
{
    /// <summary>A request body that can be rebuilt for every attempt (an HttpContent cannot be sent twice).</summary>
    internal sealed class ApiBody
    {
        private readonly byte[]? _utf8;
        private readonly bool _emptyContentType;

        private ApiBody(byte[]? utf8, bool emptyContentType)
        {
            _utf8 = utf8;
            _emptyContentType = emptyContentType;
        }

        public static ApiBody None { get; } = new ApiBody(null, false);

        /// <summary>A JSON body sent as application/json.</summary>
        public static ApiBody Json(Action<Utf8JsonWriter> write) => new ApiBody(Write(write), false);

        /// <summary>
        /// A JSON body sent with an explicitly empty Content-Type header, as the SDKs do on /edit (imagen-api.md §2.5:
        /// "the API rejects the default JSON content type here").
        /// </summary>
        public static ApiBody JsonWithEmptyContentType(Action<Utf8JsonWriter> write) => new ApiBody(Write(write), true);

        public HttpContent? CreateContent()
        {
            if (_utf8 == null)
            {
                return null;
            }

            var content = new ByteArrayContent(_utf8);
            if (_emptyContentType)
            {
                content.Headers.Remove("Content-Type");
                content.Headers.TryAddWithoutValidation("Content-Type", string.Empty);
            }
            else
            {
                content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
            }

            return content;
        }

        private static byte[] Write(Action<Utf8JsonWriter> write)
        {
            using (var stream = new MemoryStream())
            {
                using (var writer = new Utf8JsonWriter(stream))
                {
                    write(writer);
                }

                return stream.ToArray();
            }
        }
    }
}
