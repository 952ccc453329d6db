namespace Imagen.Emulator.Jobs;

/// <summary>The body of <c>POST /v1/projects/{uuid}/edit</c> (§3.4, §6.1), after validation.</summary>
public sealed record EditRequest
{
    public required int ProfileKey { get; init; }
    public string? PhotographyType { get; init; }
    public bool Crop { get; init; }
    public bool PortraitCrop { get; init; }
    public bool HeadshotCrop { get; init; }
    public bool Straighten { get; init; }
    public bool PerspectiveCorrection { get; init; }
    public bool SmoothSkin { get; init; }
    public bool SubjectMask { get; init; }
    public bool HdrMerge { get; init; }
    public bool WindowPull { get; init; }
    public bool SkyReplacement { get; init; }
    public int? SkyReplacementTemplateId { get; init; }
    public string? CropAspectRatio { get; init; }
    public string? HdrOutputCompression { get; init; }
    public string? CallbackUrl { get; init; }
    public bool Export { get; init; }

    /// <summary>The tools switched on, by their wire names (the listing's <c>ai_tools</c>).</summary>
    public IReadOnlyList<string> EnabledTools()
    {
        var tools = new List<string>();
        void Add(bool on, string name) { if (on) tools.Add(name); }
        Add(Crop, "crop");
        Add(PortraitCrop, "portrait_crop");
        Add(HeadshotCrop, "headshot_crop");
        Add(Straighten, "straighten");
        Add(PerspectiveCorrection, "perspective_correction");
        Add(SmoothSkin, "smooth_skin");
        Add(SubjectMask, "subject_mask");
        Add(HdrMerge, "hdr_merge");
        Add(WindowPull, "window_pull");
        Add(SkyReplacement, "sky_replacement");
        return tools;
    }
}
