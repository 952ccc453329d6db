using System.Text.Json;
using Imagen.Emulator.Api;
using Imagen.Emulator.Jobs;

namespace Imagen.Emulator.SmartEditing;

/// <summary>
/// The Smart Editing <c>/edit</c> body (§3.10 row 10, §6.5): every field optional, an empty body or <c>{}</c> allowed;
/// profile and regular-only fields are ignored, as a pydantic model ignores unknown fields.
/// </summary>
public static class SmartEditRequestParser
{
    public static (EditRequest? Request, IReadOnlyList<ValidationIssue> Issues) Parse(JsonElement? body)
    {
        var issues = new List<ValidationIssue>();
        if (body is null || body.Value.ValueKind == JsonValueKind.Null)
            return (new EditRequest { ProfileKey = 0 }, issues);
        if (body.Value.ValueKind != JsonValueKind.Object)
            return (null, [new ValidationIssue(["body"], "Input should be a valid dictionary or object", "model_attributes_type")]);
        var root = body.Value;
        var request = new EditRequest
        {
            ProfileKey = 0,
            HdrMerge = EditRequestParser.Bool(root, "hdr_merge", issues),
            SkyReplacement = EditRequestParser.Bool(root, "sky_replacement", issues),
            SkyReplacementTemplateId = EditRequestParser.Integer(root, "sky_replacement_template_id", issues, required: false),
            PerspectiveCorrection = EditRequestParser.Bool(root, "perspective_correction", issues),
            CallbackUrl = EditRequestParser.Url(root, "callback_url", issues),
        };
        return issues.Count == 0 ? (request, issues) : (null, issues);
    }
}
