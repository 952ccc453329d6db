using System.Collections.Generic;

namespace Imagen.Core
{
    /// <summary>
    /// A checked request: files, profile and options passed every local check, and nothing has been created on the
    /// server yet. A cmdlet asks ShouldProcess between <see cref="ImagenEditWorkflow.PrepareAsync"/> and
    /// <see cref="ImagenEditWorkflow.RunAsync(ImagenEditPlan, System.IProgress{ImagenWorkflowProgress}, System.Threading.CancellationToken)"/>.
    /// </summary>
    public sealed class ImagenEditPlan
    {
        internal ImagenEditPlan(IReadOnlyList<string> files, ImagenProfile profile, ImagenEditOptions options, string projectName, bool export, bool wait, int? throttleLimit, System.TimeSpan? pollInterval, ProfileFileValidation validation)
        {
            Files = files;
            Profile = profile;
            Options = options;
            ProjectName = projectName;
            Export = export;
            Wait = wait;
            ThrottleLimit = throttleLimit;
            PollInterval = pollInterval;
            Validation = validation;
        }

        /// <summary>Full paths, de-duplicated, in input order.</summary>
        public IReadOnlyList<string> Files { get; }

        public ImagenProfile Profile { get; }

        public ImagenEditOptions Options { get; }

        public string ProjectName { get; }

        public bool Export { get; }

        public bool Wait { get; }

        public int? ThrottleLimit { get; }

        public System.TimeSpan? PollInterval { get; }

        /// <summary>The per-file verdicts (all valid).</summary>
        public ProfileFileValidation Validation { get; }
    }
}
