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

        /// <summary>See <see cref="ImagenEditWorkflowRequest.NewProject"/>.</summary>
        public bool NewProject { get; internal set; }

        /// <summary>See <see cref="ImagenEditWorkflowRequest.AllowPartialUpload"/>.</summary>
        public bool AllowPartialUpload { get; internal set; }

        /// <summary>See <see cref="ImagenEditWorkflowRequest.WaitTimeout"/>.</summary>
        public System.TimeSpan? WaitTimeout { get; internal set; }

        /// <summary>Where this run's record is kept.</summary>
        public ImagenRunStore RunStore { get; internal set; } = null!;

        /// <summary>See <see cref="ImagenEditWorkflowRequest.LockWait"/>.</summary>
        public System.TimeSpan LockWait { get; internal set; }

        /// <summary>
        /// The settings that decide what is billed, as text: a re-run resumes a record only when these are equal.
        /// Throttle, polling, waiting and timeouts are not among them (a -NoWait run is collected by the same command
        /// without it).
        /// </summary>
        public IReadOnlyDictionary<string, string> Settings
        {
            get
            {
                var settings = new Dictionary<string, string>(System.StringComparer.Ordinal)
                {
                    ["profileKey"] = Profile.ProfileKey.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    ["editOptions"] = Options.ToSettingsText(),
                    ["export"] = Export ? "true" : "false",
                };
                if (!ProjectNameGenerated)
                {
                    settings["projectName"] = ProjectName;
                }

                return settings;
            }
        }
    }
}
