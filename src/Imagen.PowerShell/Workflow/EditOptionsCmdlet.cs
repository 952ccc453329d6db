using System.Collections.Generic;
using System.Management.Automation;
using Imagen.Core;
using Imagen.PowerShell.Errors;
using Imagen.PowerShell.Infrastructure;

namespace Imagen.PowerShell.Workflow
{
    /// <summary>
    /// The edit options of /edit (imagen-api.md §6) as PowerShell parameters, shared by Invoke-ImagenEdit and
    /// Start-ImagenEdit. A switch that is not given is not sent (the profile's default applies); -Crop:$false sends
    /// an explicit false.
    /// </summary>
    public abstract class EditOptionsCmdlet : ImagenApiCmdlet
    {
        /// <summary>The kind of shoot, which improves the AI's choices: NO_TYPE, OTHER, PORTRAITS, WEDDING, REAL_ESTATE,
        /// LANDSCAPE_NATURE, EVENTS, FAMILY_NEWBORN, BOUDOIR, SPORTS or SCHOOL.</summary>
        [Parameter]
        public ImagenPhotographyType PhotographyType { get; set; }

        /// <summary>General auto-crop. Only one of -Crop, -PortraitCrop and -HeadshotCrop can be given (else ImagenConflictingEditOptions).</summary>
        [Parameter]
        public SwitchParameter Crop { get; set; }

        /// <summary>Crop framed for the people in the photo (one crop mode only, see -Crop).</summary>
        [Parameter]
        public SwitchParameter PortraitCrop { get; set; }

        /// <summary>Close-up headshot crop (one crop mode only, see -Crop).</summary>
        [Parameter]
        public SwitchParameter HeadshotCrop { get; set; }

        /// <summary>Aspect ratio of the crop: 2X3, 4X5 or 5X7 (case-insensitive).</summary>
        [Parameter]
        [ValidateSet("2X3", "4X5", "5X7", IgnoreCase = true)]
        public string? CropAspectRatio { get; set; }

        /// <summary>Level horizons. Only one of -Straighten and -PerspectiveCorrection can be given.</summary>
        [Parameter]
        public SwitchParameter Straighten { get; set; }

        /// <summary>Fix converging verticals (architecture, real estate); not with -Straighten.</summary>
        [Parameter]
        public SwitchParameter PerspectiveCorrection { get; set; }

        /// <summary>Smooth skin (portraits, weddings, boudoir).</summary>
        [Parameter]
        public SwitchParameter SmoothSkin { get; set; }

        /// <summary>Add an AI subject mask to the edit, for local adjustments in Lightroom.</summary>
        [Parameter]
        public SwitchParameter SubjectMask { get; set; }

        /// <summary>Merge exposure brackets into HDR DNGs. Upload every frame of each bracket, with distinct file names.</summary>
        [Parameter]
        public SwitchParameter HdrMerge { get; set; }

        /// <summary>Compression of HDR-merged DNGs: LOSSY or LOSSLESS (RAW input with -HdrMerge only).</summary>
        [Parameter]
        public ImagenHdrOutputCompression HdrOutputCompression { get; set; }

        /// <summary>Recover the view through windows (real-estate interiors).</summary>
        [Parameter]
        public SwitchParameter WindowPull { get; set; }

        /// <summary>Replace the sky (real estate, landscapes); pick one with -SkyReplacementTemplateId (see Get-ImagenSkyTemplate).</summary>
        [Parameter]
        public SwitchParameter SkyReplacement { get; set; }

        /// <summary>Which sky to use with -SkyReplacement: an Id from Get-ImagenSkyTemplate (default: the template marked IsDefault).</summary>
        [Parameter]
        [ValidateRange(1, int.MaxValue)]
        public int SkyReplacementTemplateId { get; set; }

        /// <summary>An https:// URL the service POSTs to when the edit finishes (http:// only for loopback); saves polling in production.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? CallbackUrl { get; set; }

        /// <summary>The options the user gave, exactly: only bound parameters are set.</summary>
        protected ImagenEditOptions BuildEditOptions()
        {
            var options = new ImagenEditOptions
            {
                PhotographyType = Bound(nameof(PhotographyType)) ? PhotographyType : (ImagenPhotographyType?)null,
                Crop = Flag(nameof(Crop), Crop),
                PortraitCrop = Flag(nameof(PortraitCrop), PortraitCrop),
                HeadshotCrop = Flag(nameof(HeadshotCrop), HeadshotCrop),
                Straighten = Flag(nameof(Straighten), Straighten),
                PerspectiveCorrection = Flag(nameof(PerspectiveCorrection), PerspectiveCorrection),
                SmoothSkin = Flag(nameof(SmoothSkin), SmoothSkin),
                SubjectMask = Flag(nameof(SubjectMask), SubjectMask),
                HdrMerge = Flag(nameof(HdrMerge), HdrMerge),
                HdrOutputCompression = Bound(nameof(HdrOutputCompression)) ? HdrOutputCompression : (ImagenHdrOutputCompression?)null,
                WindowPull = Flag(nameof(WindowPull), WindowPull),
                SkyReplacement = Flag(nameof(SkyReplacement), SkyReplacement),
                SkyReplacementTemplateId = Bound(nameof(SkyReplacementTemplateId)) ? SkyReplacementTemplateId : (int?)null,
                CropAspectRatio = CropAspectRatio is null ? (ImagenCropAspectRatio?)null : ImagenEditOptions.ParseCropAspectRatio(CropAspectRatio),
                CallbackUrl = CallbackUrl,
            };
            return options;
        }

        /// <summary>Writes one error per conflicting or invalid option (§6.2); true when there was none.</summary>
        protected bool ReportEditOptionProblems(ImagenEditOptions options)
        {
            IReadOnlyList<ImagenFileProblem> problems = options.Validate();
            foreach (ImagenFileProblem problem in problems)
            {
                var record = ImagenErrorRecords.FromFileProblem(problem);
                WriteError(new ErrorRecord(record.Exception, record.FullyQualifiedErrorId, record.CategoryInfo.Category, options)
                {
                    ErrorDetails = record.ErrorDetails,
                });
            }

            return problems.Count == 0;
        }

        protected bool Bound(string parameterName) => MyInvocation.BoundParameters.ContainsKey(parameterName);

        private bool? Flag(string parameterName, SwitchParameter value) => Bound(parameterName) ? value.IsPresent : (bool?)null;
    }
}
