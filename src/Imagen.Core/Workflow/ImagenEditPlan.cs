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
        internal ImagenEditPlan(IReadOnlyList<string> files, ImagenProfile profile, ImagenEditOptions options, string projectName, bool projectNameGenerated, bool export, bool wait, int? throttleLimit, System.TimeSpan? pollInterval, ProfileFileValidation validation)
        {
            Files = files;
            Profile = profile;
            Options = options;
            ProjectName = projectName;
            ProjectNameGenerated = projectNameGenerated;
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

        /// <summary>
        /// True when <see cref="ProjectName"/> is <see cref="ImagenEditWorkflow.DefaultProjectName"/>'s, not the
        /// user's: if another run took it in the same second, the project gets a short suffix instead of failing.
        /// </summary>
        public bool ProjectNameGenerated { get; }

        public bool Export { get; }

        public bool Wait { get; }

        public int? ThrottleLimit { get; }

        public System.TimeSpan? PollInterval { get; }

        /// <summary>The per-file verdicts (all valid).</summary>
        public ProfileFileValidation Validation { get; }
    }
}
