using System.Collections.Generic;

namespace Imagen.Core
{
    /// <summary>What to edit and how: the input of <see cref="ImagenEditWorkflow"/> (the SDK's quick_edit, by shoot).</summary>
    public sealed class ImagenEditWorkflowRequest
    {
        /// <summary>Photos; each folder's photos are a shoot of their own (the photos not given are left as they are).</summary>
        public IList<string> Files { get; set; } = new List<string>();

        /// <summary>Shoot folders: each is a shoot of its photos of the profile's type (top level, or every subfolder with <see cref="Recurse"/>).</summary>
        public IList<string> Folders { get; set; } = new List<string>();

        /// <summary>A shoot folder's photos include those of its subfolders.</summary>
        public bool Recurse { get; set; }

        /// <summary>The profile; when null, <see cref="ProfileKey"/> is looked up.</summary>
        public ImagenProfile? Profile { get; set; }

        public int? ProfileKey { get; set; }

        public ImagenEditOptions Options { get; set; } = new ImagenEditOptions();

        /// <summary>The name of a shoot's first project; when null, one is made from the folder and its photos (see <see cref="ImagenProjectNames"/>).</summary>
        public string? ProjectName { get; set; }

        /// <summary>Also render JPEGs after the edit (of every project of the shoot not yet exported: no new edit).</summary>
        public bool Export { get; set; }

        /// <summary>Wait for the edit (and export) to finish; false submits and returns.</summary>
        public bool Wait { get; set; } = true;

        /// <summary>Check each new photo's first bytes against its extension.</summary>
        public bool InspectContent { get; set; } = true;

        /// <summary>First delay between status polls; the client's PollInitialInterval when null.</summary>
        public System.TimeSpan? PollInterval { get; set; }

        /// <summary>Concurrent uploads; the client's ThrottleLimit when null (itself null: automatic).</summary>
        public int? ThrottleLimit { get; set; }

        /// <summary>Edit every photo of the shoot again in a new project (billed again), whatever was edited before.</summary>
        public bool NewProject { get; set; }

        /// <summary>Send photos the service could not edit to an edit again, even when they did not change.</summary>
        public bool RetryFailed { get; set; }

        /// <summary>Start the edit even when some files could not be uploaded (they are left out of the project).</summary>
        public bool AllowPartialUpload { get; set; }

        /// <summary>How long to wait for an accepted edit and its export; the client's WaitTimeout when null.</summary>
        public System.TimeSpan? WaitTimeout { get; set; }

        /// <summary>A photo written less than this long ago waits for a later run; the client's QuietPeriod when null.</summary>
        public System.TimeSpan? QuietPeriod { get; set; }

        /// <summary>The most photos this request may send to edits (billed); the client's MaximumPhotoCount when null.</summary>
        public int? MaximumPhotoCount { get; set; }

        /// <summary>Where run records live; a store at the default location (or IMAGEN_RUN_PATH) when null.</summary>
        public ImagenRunStore? RunStore { get; set; }

        /// <summary>How long to wait for another run on the same shoot to finish before stopping.</summary>
        public System.TimeSpan LockWait { get; set; } = System.TimeSpan.FromSeconds(10);
    }
}
