using System.Collections.Generic;

namespace Imagen.Core
{
    /// <summary>What <see cref="ImagenResultDownloadPlan.CreateAsync"/> needs to decide which results go where.</summary>
    public sealed class ImagenResultDownloadRequest
    {
        public string ProjectId { get; set; } = string.Empty;

        /// <summary>
        /// Which results; null means the edit outputs, plus the exports when the project's export has completed.
        /// </summary>
        public ImagenResultSelection? Selection { get; set; }

        /// <summary>The export's status when the caller already knows it (saves a status call); null asks the server.</summary>
        public string? ExportStatus { get; set; }

        /// <summary>
        /// The folder everything goes into (exports into its "Imagen Export" subfolder when both kinds come);
        /// null lays the results out beside the originals.
        /// </summary>
        public string? DestinationFolder { get; set; }

        /// <summary>Uploaded name -> local path of the originals (see <see cref="ImagenResultLayout.ReadOriginals"/>).</summary>
        public IReadOnlyDictionary<string, string>? Originals { get; set; }

        /// <summary>Where results go when there is neither a destination nor a known original; null = the current directory.</summary>
        public string? FallbackFolder { get; set; }

        /// <summary>
        /// Replace existing files that differ from the results, but only those the <see cref="Ledger"/> shows this
        /// module wrote (unchanged since): any other existing file, and every original, is never replaced.
        /// </summary>
        public bool Overwrite { get; set; }

        /// <summary>The originals and outputs the run records know, and where new outputs are recorded; null: none known.</summary>
        public ImagenOutputLedger? Ledger { get; set; }
    }
}
