using System;
using System.Text.Json;

namespace Imagen.Core
{
    /// <summary>The Smart Editing options of imagen-api.md §6.5; unset ones are not sent.</summary>
    public sealed class ImagenSmartEditOptions
    {
        public bool? HdrMerge { get; set; }

        public bool? SkyReplacement { get; set; }

        /// <summary>A template id from GET /projects/sky_replacement/templates (Get-ImagenSkyTemplate).</summary>
        public int? SkyReplacementTemplateId { get; set; }

        public bool? PerspectiveCorrection { get; set; }

        /// <summary>An https URL the service POSTs to when the edit finishes (§3.9).</summary>
        public Uri? CallbackUrl { get; set; }

        /// <summary>
        /// The options that decide what is edited and billed, as JSON text (not the callback URL): the settings of a
        /// Smart Edit's run record, and part of its project's name.
        /// </summary>
        internal string ToSettingsText()
        {
            using (var buffer = new System.IO.MemoryStream())
            {
                using (var writer = new Utf8JsonWriter(buffer))
                {
                    Write(writer, withCallback: false);
                }

                return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
            }
        }

        internal void Write(Utf8JsonWriter writer) => Write(writer, withCallback: true);

        private void Write(Utf8JsonWriter writer, bool withCallback)
        {
            writer.WriteStartObject();
            if (HdrMerge.HasValue) writer.WriteBoolean("hdr_merge", HdrMerge.Value);
            if (SkyReplacement.HasValue) writer.WriteBoolean("sky_replacement", SkyReplacement.Value);
            if (SkyReplacementTemplateId.HasValue) writer.WriteNumber("sky_replacement_template_id", SkyReplacementTemplateId.Value);
            if (PerspectiveCorrection.HasValue) writer.WriteBoolean("perspective_correction", PerspectiveCorrection.Value);
            if (withCallback && CallbackUrl != null) writer.WriteString("callback_url", CallbackUrl.AbsoluteUri);
            writer.WriteEndObject();
        }
    }
}
