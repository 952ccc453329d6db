using System;

namespace Imagen.Core
{
    /// <summary>One planned download: the link, the folder it goes to and what the user is told about it.</summary>
    public sealed class ImagenResultDownload
    {
        internal ImagenResultDownload(ImagenDownloadLink link, string folder, string? target, string? refusal, bool exists)
        {
            Link = link ?? throw new ArgumentNullException(nameof(link));
            Folder = folder;
            Target = target;
            Refusal = refusal;
            Exists = exists;
        }

        public ImagenDownloadLink Link { get; }

        /// <summary>The folder the file goes into (created when needed).</summary>
        public string Folder { get; }

        /// <summary>The full path of the file; null when the server's name is refused.</summary>
        public string? Target { get; }

        /// <summary>Why the server's file name is refused (it could leave the folder); null when it is a plain name.</summary>
        public string? Refusal { get; }

        /// <summary>A file is already there (it is left untouched unless the plan overwrites).</summary>
        public bool Exists { get; }

        /// <summary>The verb for a -WhatIf/-Confirm line.</summary>
        public string Action => Link.Kind == ImagenJobKind.Export ? "Save exported JPEG" : "Save edited file";

        /// <summary>The file it would become, for -WhatIf and -Confirm; a refused name is shown as sent.</summary>
        public string Preview => Target ?? Link.FileName + " (refused: not a plain file name)";

        public override string ToString() => Preview;
    }
}
