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

        internal void Write(Utf8JsonWriter writer)
        {
            writer.WriteStartObject();
            if (HdrMerge.HasValue) writer.WriteBoolean("hdr_merge", HdrMerge.Value);
            if (SkyReplacement.HasValue) writer.WriteBoolean("sky_replacement", SkyReplacement.Value);
            if (SkyReplacementTemplateId.HasValue) writer.WriteNumber("sky_replacement_template_id", SkyReplacementTemplateId.Value);
            if (PerspectiveCorrection.HasValue) writer.WriteBoolean("perspective_correction", PerspectiveCorrection.Value);
            if (CallbackUrl != null) writer.WriteString("callback_url", CallbackUrl.AbsoluteUri);
            writer.WriteEndObject();
        }
    }
}
