using System;
using System.Collections.Generic;
using System.Text.Json;

namespace Imagen.Core
{
    /// <summary>
    /// Everything /edit takes besides the profile key (imagen-api.md §3.4, §6). Unset (null) options are left out of
    /// the request, so the profile's own defaults apply; only explicit values are sent.
    /// </summary>
    public sealed class ImagenEditOptions
    {
        public ImagenPhotographyType? PhotographyType { get; set; }

        /// <summary>General auto-crop. At most one of Crop, PortraitCrop, HeadshotCrop.</summary>
        public bool? Crop { get; set; }

        public bool? PortraitCrop { get; set; }

        public bool? HeadshotCrop { get; set; }

        /// <summary>Level horizons. At most one of Straighten, PerspectiveCorrection.</summary>
        public bool? Straighten { get; set; }

        public bool? PerspectiveCorrection { get; set; }

        public bool? SmoothSkin { get; set; }

        public bool? SubjectMask { get; set; }

        public bool? HdrMerge { get; set; }

        public ImagenHdrOutputCompression? HdrOutputCompression { get; set; }

        public bool? WindowPull { get; set; }

        public bool? SkyReplacement { get; set; }

        public int? SkyReplacementTemplateId { get; set; }

        public ImagenCropAspectRatio? CropAspectRatio { get; set; }

        /// <summary>HTTPS URL the service POSTs to when the edit finishes.</summary>
        public string? CallbackUrl { get; set; }

        /// <summary>Ask the service to export JPEGs automatically after the edit (the "export" flag of /edit).</summary>
        public bool? Export { get; set; }

        /// <summary>Parses "2X3", "2x3" or "2:3" (and the enum names).</summary>
        public static ImagenCropAspectRatio ParseCropAspectRatio(string value)
        {
            var normalised = (value ?? string.Empty).Trim().ToUpperInvariant().Replace(':', 'X').Replace("RATIO", string.Empty);
            switch (normalised)
            {
                case "2X3":
                    return ImagenCropAspectRatio.Ratio2X3;
                case "4X5":
                    return ImagenCropAspectRatio.Ratio4X5;
                case "5X7":
                    return ImagenCropAspectRatio.Ratio5X7;
                default:
                    throw new ArgumentException($"'{value}' is not a crop aspect ratio Imagen accepts; use 2X3, 4X5 or 5X7.", nameof(value));
            }
        }

        /// <summary>The wire spelling of a crop aspect ratio ("2X3").</summary>
        public static string WireValue(ImagenCropAspectRatio ratio) => ratio.ToString().Replace("Ratio", string.Empty);

        /// <summary>
        /// The rules every SDK enforces before sending (§6.2), plus value checks. Empty when the options are valid.
        /// </summary>
        public IReadOnlyList<ImagenFileProblem> Validate()
        {
            var problems = new List<ImagenFileProblem>();
            var crops = new List<string>();
            if (Crop == true)
            {
                crops.Add("Crop");
            }

            if (PortraitCrop == true)
            {
                crops.Add("PortraitCrop");
            }

            if (HeadshotCrop == true)
            {
                crops.Add("HeadshotCrop");
            }

            if (crops.Count > 1)
            {
                problems.Add(new ImagenFileProblem(ImagenErrorIds.ConflictingEditOptions, $"Only one of Crop, PortraitCrop or HeadshotCrop can be set; got {string.Join(" and ", crops)}.", Array.Empty<string>(), "Choose one crop mode."));
            }

            if (CropAspectRatio.HasValue && crops.Count == 0)
            {
                // The service would ignore it without a word: the user meant to crop.
                problems.Add(new ImagenFileProblem(ImagenErrorIds.InvalidEditOption, "CropAspectRatio applies only to a crop, and no crop mode is set.", Array.Empty<string>(), "Add -Crop (or -PortraitCrop or -HeadshotCrop), or leave -CropAspectRatio out."));
            }

            if (Straighten == true && PerspectiveCorrection == true)
            {
                problems.Add(new ImagenFileProblem(ImagenErrorIds.ConflictingEditOptions, "Only one of Straighten or PerspectiveCorrection can be set; got both.", Array.Empty<string>(), "Choose Straighten for horizons or PerspectiveCorrection for architecture."));
            }

            if (SkyReplacementTemplateId.HasValue && SkyReplacementTemplateId.Value <= 0)
            {
                problems.Add(new ImagenFileProblem(ImagenErrorIds.InvalidEditOption, $"SkyReplacementTemplateId must be a positive template id; got {SkyReplacementTemplateId}.", Array.Empty<string>(), "List the templates and pass one of their ids."));
            }

            if (CallbackUrl != null)
            {
                if (!Uri.TryCreate(CallbackUrl, UriKind.Absolute, out var callback) || (callback.Scheme != Uri.UriSchemeHttps && !(callback.Scheme == Uri.UriSchemeHttp && callback.IsLoopback)))
                {
                    problems.Add(new ImagenFileProblem(ImagenErrorIds.InvalidEditOption, $"CallbackUrl '{CallbackUrl}' must be an absolute https:// URL (http:// only for loopback addresses).", Array.Empty<string>(), "Give the https URL of your webhook."));
                }
            }

            return problems;
        }

        /// <summary>Throws <see cref="ImagenValidationException"/> listing every problem, if there is any.</summary>
        public void ThrowIfInvalid()
        {
            var problems = Validate();
            if (problems.Count > 0)
            {
                throw new ImagenValidationException(problems);
            }
        }

        /// <summary>A copy, so a caller's later changes do not alter a request in flight.</summary>
        public ImagenEditOptions Clone() => (ImagenEditOptions)MemberwiseClone();

        /// <summary>The options as compact JSON without the profile key (what a run record compares).</summary>
        internal string ToSettingsText()
        {
            using (var buffer = new System.IO.MemoryStream())
            {
                using (var writer = new Utf8JsonWriter(buffer))
                {
                    WriteJson(writer, 0);
                }

                var text = System.Text.Encoding.UTF8.GetString(buffer.ToArray());
                return text.Replace("\"profile_key\":0,", string.Empty).Replace("\"profile_key\":0", string.Empty);
            }
        }

        internal void WriteJson(Utf8JsonWriter writer, int profileKey)
        {
            writer.WriteStartObject();
            writer.WriteNumber("profile_key", profileKey);
            if (PhotographyType.HasValue)
            {
                writer.WriteString("photography_type", PhotographyType.Value.ToString());
            }

            WriteFlag(writer, "crop", Crop);
            WriteFlag(writer, "portrait_crop", PortraitCrop);
            WriteFlag(writer, "headshot_crop", HeadshotCrop);
            WriteFlag(writer, "straighten", Straighten);
            WriteFlag(writer, "perspective_correction", PerspectiveCorrection);
            WriteFlag(writer, "smooth_skin", SmoothSkin);
            WriteFlag(writer, "subject_mask", SubjectMask);
            WriteFlag(writer, "hdr_merge", HdrMerge);
            if (HdrOutputCompression.HasValue)
            {
                writer.WriteString("hdr_output_compression", HdrOutputCompression.Value.ToString());
            }

            WriteFlag(writer, "window_pull", WindowPull);
            WriteFlag(writer, "sky_replacement", SkyReplacement);
            if (SkyReplacementTemplateId.HasValue)
            {
                writer.WriteNumber("sky_replacement_template_id", SkyReplacementTemplateId.Value);
            }

            if (CropAspectRatio.HasValue)
            {
                writer.WriteString("crop_aspect_ratio", WireValue(CropAspectRatio.Value));
            }

            if (CallbackUrl != null)
            {
                writer.WriteString("callback_url", CallbackUrl);
            }

            WriteFlag(writer, "export", Export);
            writer.WriteEndObject();
        }

        private static void WriteFlag(Utf8JsonWriter writer, string name, bool? value)
        {
            if (value.HasValue)
            {
                writer.WriteBoolean(name, value.Value);
            }
        }
    }
}
