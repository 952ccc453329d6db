using System.Collections.Generic;

namespace Imagen.Core
{
    /// <summary>What to edit and how: the input of <see cref="ImagenEditWorkflow"/> (the SDK's quick_edit).</summary>
    public sealed class ImagenEditWorkflowRequest
    {
        /// <summary>The photos; all of them form one project.</summary>
        public IList<string> Files { get; set; } = new List<string>();

        /// <summary>The profile; when null, <see cref="ProfileKey"/> is looked up.</summary>
        public ImagenProfile? Profile { get; set; }

        public int? ProfileKey { get; set; }

        public ImagenEditOptions Options { get; set; } = new ImagenEditOptions();

        /// <summary>When null, a readable unique name is made from the folder and the time.</summary>
        public string? ProjectName { get; set; }

        /// <summary>Also render JPEGs after the edit.</summary>
        public bool Export { get; set; }

        /// <summary>Wait for the edit (and export) to finish; false submits and returns.</summary>
        public bool Wait { get; set; } = true;

        /// <summary>Check each file's first bytes against its extension.</summary>
        public bool InspectContent { get; set; } = true;

        /// <summary>First delay between status polls; the client's PollInitialInterval when null.</summary>
        public System.TimeSpan? PollInterval { get; set; }

        /// <summary>Concurrent uploads; the client's ThrottleLimit when null (itself null: automatic).</summary>
        public int? ThrottleLimit { get; set; }

        /// <summary>Start a new project even when a run of the same command exists (edits, and bills, the shoot again).</summary>
        public bool NewProject { get; set; }

        /// <summary>Start the edit even when some files could not be uploaded (they are left out of the project).</summary>
        public bool AllowPartialUpload { get; set; }

        /// <summary>How long to wait for an accepted edit and its export; the client's WaitTimeout when null.</summary>
        public System.TimeSpan? WaitTimeout { get; set; }

        /// <summary>Where run records live; a store at the default location (or IMAGEN_RUN_PATH) when null.</summary>
        public ImagenRunStore? RunStore { get; set; }

        /// <summary>How long to wait for another run on the same photos to finish before stopping.</summary>
        public System.TimeSpan LockWait { get; set; } = System.TimeSpan.FromSeconds(10);
    }
}
