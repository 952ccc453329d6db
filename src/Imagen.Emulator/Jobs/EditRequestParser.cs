using System.Globalization;
using System.Text.Json;
using Imagen.Emulator.Api;

namespace Imagen.Emulator.Jobs;

/// <summary>
/// Validates an <c>/edit</c> body the way a FastAPI/pydantic server would: types and enums give 422 issues with a
/// location; a numeric string is accepted for <c>profile_key</c> (§2.3); <c>null</c> means "not set" (§3.4); unknown
/// fields are ignored.
/// </summary>
public static class EditRequestParser
{
    public static readonly IReadOnlyList<string> PhotographyTypes =
        ["NO_TYPE", "OTHER", "PORTRAITS", "WEDDING", "REAL_ESTATE", "LANDSCAPE_NATURE", "EVENTS", "FAMILY_NEWBORN", "BOUDOIR", "SPORTS", "SCHOOL"];
    public static readonly IReadOnlyList<string> CropAspectRatios = ["2X3", "4X5", "5X7"];
    public static readonly IReadOnlyList<string> HdrCompressions = ["LOSSY", "LOSSLESS"];

    public static (EditRequest? Request, IReadOnlyList<ValidationIssue> Issues) Parse(JsonElement? body)
    {
        var issues = new List<ValidationIssue>();
        if (body is not { ValueKind: JsonValueKind.Object } root)
        {
            issues.Add(body is null
                ? new ValidationIssue(["body", "profile_key"], "Field required", "missing")
                : new ValidationIssue(["body"], "Input should be a valid dictionary or object", "model_attributes_type"));
            return (null, issues);
        }

        int? profileKey = Integer(root, "profile_key", issues, required: true);
        var request = new EditRequest
        {
            ProfileKey = profileKey ?? 0,
            PhotographyType = Enum(root, "photography_type", PhotographyTypes, issues),
            Crop = Bool(root, "crop", issues),
            PortraitCrop = Bool(root, "portrait_crop", issues),
            HeadshotCrop = Bool(root, "headshot_crop", issues),
            Straighten = Bool(root, "straighten", issues),
            PerspectiveCorrection = Bool(root, "perspective_correction", issues),
            SmoothSkin = Bool(root, "smooth_skin", issues),
            SubjectMask = Bool(root, "subject_mask", issues),
            HdrMerge = Bool(root, "hdr_merge", issues),
            WindowPull = Bool(root, "window_pull", issues),
            SkyReplacement = Bool(root, "sky_replacement", issues),
            SkyReplacementTemplateId = Integer(root, "sky_replacement_template_id", issues, required: false),
            CropAspectRatio = Enum(root, "crop_aspect_ratio", CropAspectRatios, issues),
            HdrOutputCompression = Enum(root, "hdr_output_compression", HdrCompressions, issues),
            CallbackUrl = Url(root, "callback_url", issues),
            Export = Bool(root, "export", issues),
        };
        return issues.Count == 0 ? (request, issues) : (null, issues);
    }

    /// <summary>The SDKs' mutual-exclusion rules (§6.2), with the Python SDK's messages. Only explicit trues conflict.</summary>
    public static IReadOnlyList<string> Conflicts(EditRequest request)
    {
        var conflicts = new List<string>();
        if ((request.Crop ? 1 : 0) + (request.PortraitCrop ? 1 : 0) + (request.HeadshotCrop ? 1 : 0) > 1)
            conflicts.Add("Only one of crop, headshot_crop, or portrait_crop can be set to True.");
        if (request.Straighten && request.PerspectiveCorrection)
            conflicts.Add("Only one of straighten or perspective_correction can be set to True.");
        return conflicts;
    }

    private static bool TryGet(JsonElement root, string name, out JsonElement value) =>
        root.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null;

    internal static bool Bool(JsonElement root, string name, List<ValidationIssue> issues)
    {
        if (!TryGet(root, name, out var value)) return false;
        switch (value.ValueKind)
        {
            case JsonValueKind.True: return true;
            case JsonValueKind.False: return false;
            case JsonValueKind.Number when value.TryGetInt32(out int n) && n is 0 or 1: return n == 1;
            case JsonValueKind.String when value.GetString()?.ToLowerInvariant() is "true" or "false":
                return value.GetString()!.Equals("true", StringComparison.OrdinalIgnoreCase);
        }
        issues.Add(new ValidationIssue(["body", name], "Input should be a valid boolean", "bool_parsing"));
        return false;
    }

    internal static int? Integer(JsonElement root, string name, List<ValidationIssue> issues, bool required)
    {
        if (!TryGet(root, name, out var value))
        {
            if (required) issues.Add(new ValidationIssue(["body", name], "Field required", "missing"));
            return null;
        }
        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out int number)) return number;
        if (value.ValueKind == JsonValueKind.String &&
            int.TryParse(value.GetString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int parsed)) return parsed;
        issues.Add(new ValidationIssue(["body", name], "Input should be a valid integer", "int_parsing"));
        return null;
    }

    private static string? Enum(JsonElement root, string name, IReadOnlyList<string> allowed, List<ValidationIssue> issues)
    {
        if (!TryGet(root, name, out var value)) return null;
        if (value.ValueKind == JsonValueKind.String && allowed.Contains(value.GetString()!)) return value.GetString();
        string choices = string.Join(", ", allowed.Take(allowed.Count - 1).Select(a => $"'{a}'")) + $" or '{allowed[^1]}'";
        issues.Add(new ValidationIssue(["body", name], $"Input should be {choices}", "enum"));
        return null;
    }

    internal static string? Url(JsonElement root, string name, List<ValidationIssue> issues)
    {
        if (!TryGet(root, name, out var value)) return null;
        if (value.ValueKind == JsonValueKind.String &&
            Uri.TryCreate(value.GetString(), UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
            return value.GetString();
        issues.Add(new ValidationIssue(["body", name], "Input should be a valid URL with an http or https scheme", "url_parsing"));
        return null;
    }
}
