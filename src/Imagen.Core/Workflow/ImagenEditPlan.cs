using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace Imagen.Core
{
    /// <summary>
    /// A checked request: the profile and options passed every check, and each shoot knows what it would send, collect
    /// or export; nothing has been created on the server yet. A cmdlet asks ShouldProcess for each shoot between
    /// <see cref="ImagenEditWorkflow.PrepareAsync"/> and <see cref="ImagenEditWorkflow.RunShootAsync"/>.
    /// </summary>
    public sealed class ImagenEditPlan
    {
        internal ImagenEditPlan(ImagenProfile profile, ImagenEditOptions options, string? projectName, bool export, bool wait, int? throttleLimit, TimeSpan? pollInterval, IReadOnlyList<ImagenShootPlan> shoots)
        {
            Profile = profile;
            Options = options;
            ProjectName = projectName;
            Export = export;
            Wait = wait;
            ThrottleLimit = throttleLimit;
            PollInterval = pollInterval;
            Shoots = shoots;
        }

        /// <summary>The shoots, in the order given.</summary>
        public IReadOnlyList<ImagenShootPlan> Shoots { get; }

        /// <summary>Every photo of every shoot considered, in order.</summary>
        public IReadOnlyList<string> Files => Shoots.SelectMany(s => s.Photos.Select(p => p.Path)).ToList();

        public ImagenProfile Profile { get; }

        public ImagenEditOptions Options { get; }

        /// <summary>The user's name for a shoot's first project, or null for the generated names.</summary>
        public string? ProjectName { get; }

        public bool Export { get; }

        public bool Wait { get; }

        public int? ThrottleLimit { get; }

        public TimeSpan? PollInterval { get; }

        /// <summary>See <see cref="ImagenEditWorkflowRequest.NewProject"/>.</summary>
        public bool NewProject { get; internal set; }

        /// <summary>See <see cref="ImagenEditWorkflowRequest.RetryFailed"/>.</summary>
        public bool RetryFailed { get; internal set; }

        /// <summary>See <see cref="ImagenEditWorkflowRequest.AllowPartialUpload"/>.</summary>
        public bool AllowPartialUpload { get; internal set; }

        /// <summary>See <see cref="ImagenEditWorkflowRequest.WaitTimeout"/>.</summary>
        public TimeSpan? WaitTimeout { get; internal set; }

        /// <summary>A photo written less than this long ago waits for a later run (zero: none waits).</summary>
        public TimeSpan QuietPeriod { get; internal set; }

        /// <summary>The most photos the request may send to edits, or null for no limit.</summary>
        public int? MaximumPhotoCount { get; internal set; }

        /// <summary>Where the records are kept.</summary>
        public ImagenRunStore RunStore { get; internal set; } = null!;

        /// <summary>See <see cref="ImagenEditWorkflowRequest.LockWait"/>.</summary>
        public TimeSpan LockWait { get; internal set; }

        /// <summary>Photos every shoot together would send to edits now (billed).</summary>
        public int PhotosToBill => Shoots.Sum(s => s.PhotosToBill);

        /// <summary>
        /// The settings that decide what is billed, as text: the profile and the edit options (not the export, a
        /// callback URL, throttle, polling or waiting). A shoot edited with other settings is not edited again unless
        /// asked (-NewProject).
        /// </summary>
        public IReadOnlyDictionary<string, string> Settings
        {
            get
            {
                var billed = Options.Clone();
                billed.Export = null;
                billed.CallbackUrl = null;
                return new Dictionary<string, string>(StringComparer.Ordinal)
                {
                    ["profileKey"] = Profile.ProfileKey.ToString(CultureInfo.InvariantCulture),
                    ["editOptions"] = billed.ToSettingsText(),
                };
            }
        }
    }
}
