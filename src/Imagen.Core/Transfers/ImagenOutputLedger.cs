using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace Imagen.Core
{
    /// <summary>
    /// What a save knows about the files already on disk, from the run records: the originals of every recorded
    /// project (never a target, not even with overwrite) and the outputs this module wrote (path, length, SHA-256), the
    /// only existing files a save may replace. New outputs are recorded in the project's run record as they land.
    /// </summary>
    public sealed class ImagenOutputLedger
    {
        private readonly ImagenRunRecord? _record;
        private readonly IReadOnlyList<ImagenRunRecord> _others;
        private readonly HashSet<string> _originals;

        /// <param name="record">The run record of the project being saved: where new outputs are recorded (null: nowhere).</param>
        /// <param name="originals">Originals known besides the records' (e.g. Invoke-ImagenEdit's Files from the pipeline).</param>
        /// <param name="otherRecords">Every other record (outputs and originals of other projects and runs).</param>
        public ImagenOutputLedger(ImagenRunRecord? record, IEnumerable<string>? originals = null, IEnumerable<ImagenRunRecord>? otherRecords = null)
        {
            _record = record;
            _others = (otherRecords ?? Enumerable.Empty<ImagenRunRecord>()).Where(r => !ReferenceEquals(r, record) && (record == null || r.RunId != record.RunId)).ToList();
            _originals = new HashSet<string>(ImagenRunRecord.PathComparer);
            foreach (var path in (originals ?? Enumerable.Empty<string>())
                .Concat(record?.Originals.Values ?? Enumerable.Empty<string>())
                .Concat(_others.SelectMany(r => r.Originals.Values)))
            {
                _originals.Add(Path.GetFullPath(path));
            }
        }

        /// <summary>No record: every existing file is someone else's, so nothing existing is ever replaced.</summary>
        public static ImagenOutputLedger None { get; } = new ImagenOutputLedger(null);

        /// <summary>The record new outputs go to, if any.</summary>
        public ImagenRunRecord? Record => _record;

        /// <summary>True when <paramref name="fullPath"/> is a known original of some project.</summary>
        public bool IsOriginal(string fullPath) => _originals.Contains(Path.GetFullPath(fullPath));

        /// <summary>What this module recorded writing at <paramref name="fullPath"/> (this project's record first), or null.</summary>
        public ImagenRunOutput? FindOutput(string fullPath) => Outputs(fullPath).FirstOrDefault();

        /// <summary>
        /// True when some record says this module wrote exactly <paramref name="length"/> bytes with this SHA-256 at
        /// <paramref name="fullPath"/>: the file there is Imagen's own and nobody changed it since.
        /// </summary>
        public bool WroteExactly(string fullPath, long length, string sha256) =>
            Outputs(fullPath).Any(o => o.Length == length && string.Equals(o.Sha256, sha256, StringComparison.OrdinalIgnoreCase));

        private IEnumerable<ImagenRunOutput> Outputs(string fullPath) =>
            new[] { _record }.Concat(_others).Where(r => r != null).Select(r => r!.FindOutput(fullPath)).Where(o => o != null).Select(o => o!);

        /// <summary>What this project's own record says was saved at <paramref name="fullPath"/> (this very result), or null.</summary>
        internal ImagenRunOutput? FindOwnOutput(string fullPath) => _record?.FindOutput(fullPath);

        /// <summary>Records a saved output; a record that cannot be written (its disk full) is a local write error.</summary>
        internal void Saved(ImagenJobKind kind, string fileName, string fullPath, long length, string sha256)
        {
            try
            {
                _record?.OutputSaved(kind, fileName, fullPath, length, sha256);
            }
            catch (Exception ex) when (ImagenLocalWriteException.IsLocalWriteFailure(ex))
            {
                throw new ImagenLocalWriteException(_record!.Folder, ex, runRecord: true);
            }
        }
    }
}
