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

        /// <summary>Concurrent uploads; the client's ThrottleLimit when null.</summary>
        public int? ThrottleLimit { get; set; }
    }
}
