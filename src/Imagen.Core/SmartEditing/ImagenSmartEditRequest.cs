using System;
using System.Collections.Generic;

namespace Imagen.Core
{
    /// <summary>What to Smart-edit and how: the input of <see cref="ImagenSmartEditWorkflow"/>.</summary>
    public sealed class ImagenSmartEditRequest
    {
        /// <summary>The JPEGs: one Smart Editing project (at least five, unique names).</summary>
        public IList<string> Files { get; set; } = new List<string>();

        /// <summary>The project's name; when null, one is made from the folder, the photos and the options (see <see cref="ImagenProjectNames.ForSmartEdit"/>).</summary>
        public string? ProjectName { get; set; }

        public ImagenSmartEditOptions Options { get; set; } = new ImagenSmartEditOptions();

        /// <summary>Wait for the Smart Edit to finish; false starts it and returns.</summary>
        public bool Wait { get; set; } = true;

        /// <summary>First delay between status polls; the client's PollInitialInterval when null.</summary>
        public TimeSpan? PollInterval { get; set; }

        /// <summary>How long to wait for an accepted Smart Edit; the client's WaitTimeout when null.</summary>
        public TimeSpan? WaitTimeout { get; set; }

        /// <summary>Concurrent uploads (files, or parts of a large file); the client's ThrottleLimit when null.</summary>
        public int? ThrottleLimit { get; set; }

        /// <summary>Files larger than this go up in parts; the client's MultipartThreshold when null.</summary>
        public long? MultipartThreshold { get; set; }

        /// <summary>Smart-edit the photos again in a new project (billed again), even when they were Smart-edited before.</summary>
        public bool NewProject { get; set; }

        /// <summary>Where run records live; a store at the default location (or IMAGEN_RUN_PATH) when null.</summary>
        public ImagenRunStore? RunStore { get; set; }

        /// <summary>How long to wait for another run on the same folder to finish before stopping.</summary>
        public TimeSpan LockWait { get; set; } = TimeSpan.FromSeconds(10);
    }
}
