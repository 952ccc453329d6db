using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;

namespace Imagen.Core
{
    /// <summary>
    /// The durable journal of one project of a shoot (a run), modelled on AzCopy's job plan files: the photos it holds
    /// and whether each went up, the edit and export states, the photos the service could not edit, and the outputs
    /// saved. A shoot's projects are the records carrying its <see cref="ShootId"/>. It lives in its own folder
    /// of the <see cref="ImagenRunStore"/>: a snapshot (run.json, replaced atomically on every state transition) plus
    /// an append-only JSON-lines log of per-file events (hashed, uploaded, output saved), so a 20,000-file shoot does
    /// not rewrite the record per file. A kill at any instant leaves the old snapshot or the new one and at worst a
    /// torn last log line, which loading ignores. Every method is thread-safe.
    /// </summary>
    public sealed class ImagenRunRecord
    {
        internal const string SnapshotFileName = "run.json";

        /// <summary>The settings key of a Smart Editing project: its Smart Edit options (a regular project has a profile key instead).</summary>
        internal const string SmartEditSetting = "smartEdit";
        private const int FormatVersion = 1;

        private readonly object _gate = new object();
        private readonly Dictionary<string, ImagenRunFile> _files;
        private readonly List<string> _fileOrder;
        private readonly Dictionary<string, ImagenRunOutput> _outputs = new Dictionary<string, ImagenRunOutput>(PathComparer);
        private readonly Dictionary<string, string> _failedPhotos = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        private readonly HashSet<ImagenJobKind> _delivered = new HashSet<ImagenJobKind>();
        private readonly Dictionary<string, ImagenMultipartUpload> _multipart = new Dictionary<string, ImagenMultipartUpload>(StringComparer.Ordinal);
        private SortedDictionary<string, string> _settings;
        private int _generation;
        private string _diskStamp = string.Empty;

        internal ImagenRunRecord(string folder, string runId, string shootKey, IEnumerable<ImagenRunFile> files, IReadOnlyDictionary<string, string> settings, string? projectName, bool export, DateTimeOffset createdAt)
        {
            Folder = folder;
            RunId = runId;
            ShootKey = shootKey;
            _settings = new SortedDictionary<string, string>(settings.ToDictionary(p => p.Key, p => p.Value), StringComparer.Ordinal);
            ProjectName = projectName;
            Export = export;
            CreatedAt = createdAt;
            UpdatedAt = createdAt;
            _files = new Dictionary<string, ImagenRunFile>(StringComparer.OrdinalIgnoreCase);
            _fileOrder = new List<string>();
            foreach (var file in files)
            {
                _files[file.Name] = file;
                _fileOrder.Add(file.Name);
            }
        }

        /// <summary>Output paths compare as the file system does (case-insensitive on Windows).</summary>
        internal static StringComparer PathComparer { get; } = Path.DirectorySeparatorChar == '\\' ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;

        /// <summary>The record's folder inside the store.</summary>
        public string Folder { get; }

        /// <summary>Sortable unique id, e.g. 20261126-094700-1a2b3c4d.</summary>
        public string RunId { get; }

        /// <summary>Identifies the set of originals (their full paths); kept from records written before shoots.</summary>
        public string ShootKey { get; }

        /// <summary>The shoot this project belongs to (see <see cref="ImagenShootRecord"/>); null in a record from before shoots.</summary>
        public string? ShootId { get; private set; }

        /// <summary>The options that decide what is billed (profile, edit flags), as text.</summary>
        public IReadOnlyDictionary<string, string> Settings
        {
            get
            {
                lock (_gate)
                {
                    return _settings;
                }
            }
        }

        public string? ProjectId { get; private set; }

        public string? ProjectName { get; private set; }

        /// <summary>JPEGs were asked for: by the run that started the project, or later by the same shoot with -Export.</summary>
        public bool Export { get; private set; }

        /// <summary>True for a Smart Editing project (Invoke-ImagenSmartEdit): its settings are Smart Edit options, not a profile.</summary>
        public bool IsSmartEdit => Settings.ContainsKey(SmartEditSetting);

        /// <summary>
        /// Multipart uploads of large files started and not yet completed or aborted: a run killed in between left them
        /// open on the service, and the next run aborts them (the API cannot sign the parts of an open upload again).
        /// </summary>
        internal IReadOnlyList<ImagenMultipartUpload> OpenMultipartUploads
        {
            get
            {
                lock (_gate)
                {
                    return _multipart.Values.ToList();
                }
            }
        }

        /// <summary>True when the project was found on the service (by its name) rather than started from this record.</summary>
        public bool FoundOnService { get; private set; }

        /// <summary>Photos of the project the service could not edit, each with the service's reason.</summary>
        public IReadOnlyDictionary<string, string> FailedPhotos
        {
            get
            {
                lock (_gate)
                {
                    return new Dictionary<string, string>(_failedPhotos, StringComparer.OrdinalIgnoreCase);
                }
            }
        }

        /// <summary>True once a save wrote (or found on disk) every output of <paramref name="kind"/> the service offered.</summary>
        public bool IsDelivered(ImagenJobKind kind)
        {
            lock (_gate)
            {
                return _delivered.Contains(kind);
            }
        }

        public ImagenRunState State { get; private set; }

        /// <summary>Pending, Finished or Failed, from <see cref="State"/>.</summary>
        public ImagenRunStatus Status
        {
            get
            {
                switch (State)
                {
                    case ImagenRunState.EditFailed:
                    case ImagenRunState.ExportFailed:
                        return ImagenRunStatus.Failed;
                    case ImagenRunState.ExportDone:
                    case ImagenRunState.SaveOnly:
                        return ImagenRunStatus.Finished;
                    case ImagenRunState.EditDone:
                        return Export ? ImagenRunStatus.Pending : ImagenRunStatus.Finished;
                    default:
                        return ImagenRunStatus.Pending;
                }
            }
        }

        /// <summary>True once /edit was accepted: the project is billed.</summary>
        public bool Billed => State >= ImagenRunState.EditAccepted && State != ImagenRunState.SaveOnly;

        public DateTimeOffset CreatedAt { get; }

        public DateTimeOffset UpdatedAt { get; private set; }

        /// <summary>Why the run last stopped short, or null.</summary>
        public string? LastError { get; private set; }

        /// <summary>The originals in input order.</summary>
        public IReadOnlyList<ImagenRunFile> Files
        {
            get
            {
                lock (_gate)
                {
                    return _fileOrder.Select(n => _files[n]).ToList();
                }
            }
        }

        /// <summary>Uploaded name -> full local path of every original (where Save-ImagenResult puts sidecars).</summary>
        public IReadOnlyDictionary<string, string> Originals
        {
            get
            {
                lock (_gate)
                {
                    var originals = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                    foreach (var name in _fileOrder)
                    {
                        originals[name] = _files[name].Path;
                    }

                    return originals;
                }
            }
        }

        public int FileCount
        {
            get
            {
                lock (_gate)
                {
                    return _fileOrder.Count;
                }
            }
        }

        public int UploadedCount
        {
            get
            {
                lock (_gate)
                {
                    return _files.Values.Count(f => f.Uploaded);
                }
            }
        }

        /// <summary>Outputs saved so far, in the order they were saved.</summary>
        public IReadOnlyList<ImagenRunOutput> Outputs
        {
            get
            {
                lock (_gate)
                {
                    return _outputs.Values.OrderBy(o => o.SavedAt).ToList();
                }
            }
        }

        /// <summary>The output saved at <paramref name="fullPath"/>, or null when this run did not write that file.</summary>
        public ImagenRunOutput? FindOutput(string fullPath)
        {
            lock (_gate)
            {
                return _outputs.TryGetValue(Path.GetFullPath(fullPath), out var output) ? output : null;
            }
        }

        /// <summary>The original uploaded as <paramref name="name"/>, or null.</summary>
        public ImagenRunFile? FindFile(string name)
        {
            lock (_gate)
            {
                return _files.TryGetValue(name, out var file) ? file : null;
            }
        }

        /// <summary>Records, durably and before returning, that an output was saved. Called concurrently by downloads.</summary>
        public void OutputSaved(ImagenJobKind kind, string fileName, string fullPath, long length, string sha256)
        {
            var output = new ImagenRunOutput(kind, fileName, Path.GetFullPath(fullPath), length, sha256, DateTimeOffset.UtcNow);
            Append(w =>
            {
                w.WriteString("e", "output");
                WriteOutput(w, output);
            });
            lock (_gate)
            {
                _outputs[output.Path] = output;
                UpdatedAt = output.SavedAt;
            }
        }

        /// <summary>Records a file's MD5 (appended to the log).</summary>
        public void FileHashed(string name, string md5)
        {
            Append(w =>
            {
                w.WriteString("e", "hashed");
                w.WriteString("name", name);
                w.WriteString("md5", md5);
            });
            lock (_gate)
            {
                if (_files.TryGetValue(name, out var file))
                {
                    file.Md5 = md5;
                }
            }
        }

        /// <summary>Records that storage confirmed a file's upload (appended to the log).</summary>
        public void FileUploaded(string name)
        {
            Append(w =>
            {
                w.WriteString("e", "uploaded");
                w.WriteString("name", name);
            });
            lock (_gate)
            {
                if (_files.TryGetValue(name, out var file))
                {
                    file.Uploaded = true;
                }
            }
        }

        /// <summary>Records a multipart upload the service opened (appended to the log), so a killed run's upload is aborted by the next.</summary>
        internal void MultipartStarted(string name, string uploadId, string key)
        {
            Append(w =>
            {
                w.WriteString("e", "multipart");
                w.WriteString("name", name);
                w.WriteString("uploadId", uploadId);
                w.WriteString("key", key);
            });
            lock (_gate)
            {
                _multipart[uploadId] = new ImagenMultipartUpload(name, uploadId, key);
            }
        }

        /// <summary>Records that a multipart upload was completed or aborted: nothing of it is left open (appended to the log).</summary>
        internal void MultipartEnded(string uploadId)
        {
            Append(w =>
            {
                w.WriteString("e", "multipartEnded");
                w.WriteString("uploadId", uploadId);
            });
            lock (_gate)
            {
                _multipart.Remove(uploadId);
            }
        }

        /// <summary>Records the project's id (before any upload), or its name while it is being created.</summary>
        public void ProjectCreated(string projectId, string? projectName)
        {
            lock (_gate)
            {
                ProjectId = projectId;
                ProjectName = projectName ?? ProjectName;
                State = ImagenRunState.ProjectCreated;
                LastError = null;
                Compact();
            }
        }

        /// <summary>Records the name a project is about to be created with, so a lost answer can be looked up by name.</summary>
        public void ProjectCreating(string projectName)
        {
            lock (_gate)
            {
                ProjectName = projectName;
                State = ImagenRunState.ProjectCreating;
                LastError = null;
                Compact();
            }
        }

        /// <summary>Moves to <paramref name="state"/> and writes the snapshot (compacting the event log into it).</summary>
        public void Transition(ImagenRunState state)
        {
            lock (_gate)
            {
                State = state;
                LastError = null;
                Compact();
            }
        }

        /// <summary>Ties the record to its shoot (a record from before shoots is adopted by the shoot whose photos it holds).</summary>
        internal void BelongsTo(string shootId)
        {
            lock (_gate)
            {
                if (string.Equals(ShootId, shootId, StringComparison.Ordinal))
                {
                    return;
                }

                ShootId = shootId;
                Compact();
            }
        }

        /// <summary>Asks for the export of an edited project (adding -Export to a shoot edited without it): no new edit.</summary>
        public void RequestExport()
        {
            lock (_gate)
            {
                if (Export)
                {
                    return;
                }

                Export = true;
                Compact();
            }
        }

        /// <summary>Replaces the billed settings of a project whose edit was not sent yet (nothing is billed, so the new ones apply).</summary>
        internal void Resettle(IReadOnlyDictionary<string, string> settings)
        {
            lock (_gate)
            {
                _settings = new SortedDictionary<string, string>(settings.ToDictionary(p => p.Key, p => p.Value), StringComparer.Ordinal);
                Compact();
            }
        }

        /// <summary>Records the photos the service could not edit (the edit completed without them).</summary>
        public void PhotosFailed(IReadOnlyDictionary<string, string> failed)
        {
            lock (_gate)
            {
                _failedPhotos.Clear();
                foreach (var photo in failed)
                {
                    _failedPhotos[photo.Key] = photo.Value;
                }

                Compact();
            }
        }

        /// <summary>Records that every output of <paramref name="kind"/> is on disk, so a later save of the shoot asks the service nothing.</summary>
        public void Delivered(ImagenJobKind kind)
        {
            lock (_gate)
            {
                if (_delivered.Add(kind))
                {
                    Compact();
                }
            }
        }

        /// <summary>
        /// A photo whose size or time stamp changed after it was recorded (before the edit): its new size, time stamp
        /// and MD5, and whether what went up is still its bytes (else it must go up again, so the service edits the
        /// bytes on disk).
        /// </summary>
        internal void FileChanged(string name, long length, DateTime lastWriteTimeUtc, string md5, bool uploaded)
        {
            lock (_gate)
            {
                if (!_files.TryGetValue(name, out var old))
                {
                    return;
                }

                _files[name] = new ImagenRunFile(old.Path, length, lastWriteTimeUtc, md5, uploaded);
                Compact();
            }
        }

        /// <summary>
        /// Follows the shoot to where it is now (a folder moved or reached by another path): each photo found by name gets
        /// its new path, and one no longer there (culled) keeps its place inside the shoot folder, now at the new
        /// folder, so every result is saved in the shoot where it is, never in a folder the user moved away.
        /// </summary>
        internal void Relocate(IReadOnlyDictionary<string, string> pathsByName, IReadOnlyList<string> earlierFolders, string folder)
        {
            lock (_gate)
            {
                var (moved, outputs) = Relocation(pathsByName, earlierFolders, folder);
                if (moved.Count == 0 && outputs.Count == 0)
                {
                    return;
                }

                foreach (var file in moved)
                {
                    _files[file.Name] = file;
                }

                // The results moved with the folder: the record knows them where they are now (they are still Imagen's).
                foreach (var (output, now) in outputs)
                {
                    _outputs.Remove(output.Path);
                    _outputs[now!] = new ImagenRunOutput(output.Kind, output.FileName, now!, output.Length, output.Sha256, output.SavedAt);
                }

                Compact();
            }
        }

        /// <summary>True when <see cref="Relocate"/> would change the record (the shoot is not where its photos and results are recorded).</summary>
        internal bool NeedsRelocation(IReadOnlyDictionary<string, string> pathsByName, IReadOnlyList<string> earlierFolders, string folder)
        {
            lock (_gate)
            {
                var (moved, outputs) = Relocation(pathsByName, earlierFolders, folder);
                return moved.Count > 0 || outputs.Count > 0;
            }
        }

        /// <summary>The photos and results whose recorded paths are not where the shoot is now, with where they are.</summary>
        private (List<ImagenRunFile> Moved, List<(ImagenRunOutput Output, string? Now)> Outputs) Relocation(IReadOnlyDictionary<string, string> pathsByName, IReadOnlyList<string> earlierFolders, string folder)
        {
            var moved = new List<ImagenRunFile>();
            foreach (var file in _files.Values)
            {
                var now = pathsByName.TryGetValue(file.Name, out var found) ? found : Rebase(file.Path, earlierFolders, folder);
                if (now != null && !PathComparer.Equals(now, file.Path))
                {
                    moved.Add(new ImagenRunFile(now, file.Length, file.LastWriteTimeUtc, file.Md5, file.Uploaded));
                }
            }

            var outputs = _outputs.Values
                .Select(o => (Output: o, Now: Rebase(o.Path, earlierFolders, folder)))
                .Where(o => o.Now != null && !PathComparer.Equals(o.Now, o.Output.Path))
                .ToList();
            return (moved, outputs);
        }

        /// <summary>The path inside <paramref name="folder"/> that <paramref name="path"/> had inside one of the earlier folders, or null.</summary>
        private static string? Rebase(string path, IReadOnlyList<string> earlierFolders, string folder)
        {
            foreach (var earlier in earlierFolders)
            {
                var prefix = earlier.TrimEnd(System.IO.Path.DirectorySeparatorChar) + System.IO.Path.DirectorySeparatorChar;
                if (path.StartsWith(prefix, PathComparer == StringComparer.Ordinal ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase))
                {
                    return System.IO.Path.Combine(folder, path.Substring(prefix.Length));
                }
            }

            return null;
        }

        /// <summary>Drops photos that left the folder before they went up (culled): they are not part of the project.</summary>
        internal void FilesCulled(IReadOnlyCollection<string> names)
        {
            lock (_gate)
            {
                var culled = names.Where(n => _files.TryGetValue(n, out var file) && !file.Uploaded).ToList();
                if (culled.Count == 0)
                {
                    return;
                }

                foreach (var name in culled)
                {
                    _files.Remove(name);
                    _fileOrder.RemoveAll(n => string.Equals(n, name, StringComparison.OrdinalIgnoreCase));
                }

                Compact();
            }
        }

        /// <summary>Records why the run stopped short (the state stays, so a re-run continues from it).</summary>
        public void Stopped(string reason)
        {
            lock (_gate)
            {
                LastError = reason;
                Compact();
            }
        }

        public override string ToString() => $"{RunId} ({ProjectName ?? "no project yet"}, {ProjectId ?? "-"}): {State}";

        /// <summary>Writes the whole record as a new snapshot with a new, empty event log, then drops the old log.</summary>
        private void Compact()
        {
            var old = _generation;
            _generation++;
            UpdatedAt = DateTimeOffset.UtcNow;
            AtomicFile.Write(System.IO.Path.Combine(Folder, SnapshotFileName), Serialize(), ImagenRunStore.BeforeRenameHook);
            AtomicFile.TryDelete(LogPath(old));
            _diskStamp = ReadDiskStamp();
        }

        /// <summary>What the files on disk look like (snapshot time and size, log size); another process's write changes it.</summary>
        private string ReadDiskStamp()
        {
            var snapshot = new FileInfo(System.IO.Path.Combine(Folder, SnapshotFileName));
            var log = new FileInfo(LogPath(_generation));
            return string.Join("|", snapshot.Exists ? snapshot.LastWriteTimeUtc.Ticks : 0, snapshot.Exists ? snapshot.Length : -1, log.Exists ? log.Length : -1);
        }

        /// <summary>True when no other process wrote this record since this instance last read or wrote it.</summary>
        internal bool IsCurrent()
        {
            lock (_gate)
            {
                return string.Equals(_diskStamp, ReadDiskStamp(), StringComparison.Ordinal);
            }
        }

        private string LogPath(int generation) => System.IO.Path.Combine(Folder, "events-" + generation.ToString(CultureInfo.InvariantCulture) + ".jsonl");

        /// <summary>Appends one event line and flushes it to the disk. A torn line left by a kill is closed off first.</summary>
        private void Append(Action<Utf8JsonWriter> write)
        {
            byte[] line;
            using (var buffer = new MemoryStream())
            {
                using (var writer = new Utf8JsonWriter(buffer))
                {
                    writer.WriteStartObject();
                    write(writer);
                    writer.WriteEndObject();
                }

                buffer.WriteByte((byte)'\n');
                line = buffer.ToArray();
            }

            lock (_gate)
            {
                using (var log = new FileStream(LogPath(_generation), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete))
                {
                    if (log.Length > 0)
                    {
                        log.Seek(-1, SeekOrigin.End);
                        if (log.ReadByte() != '\n')
                        {
                            log.WriteByte((byte)'\n');
                        }
                    }

                    log.Seek(0, SeekOrigin.End);
                    log.Write(line, 0, line.Length);
                    log.Flush(flushToDisk: true);
                }

                _diskStamp = ReadDiskStamp();
            }
        }

        private byte[] Serialize()
        {
            using (var buffer = new MemoryStream())
            {
                using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
                {
                    w.WriteStartObject();
                    w.WriteNumber("version", FormatVersion);
                    w.WriteString("runId", RunId);
                    w.WriteString("shootKey", ShootKey);
                    WriteNullable(w, "shootId", ShootId);
                    w.WriteBoolean("foundOnService", FoundOnService);
                    w.WriteNumber("log", _generation);
                    w.WriteString("state", State.ToString());
                    WriteNullable(w, "projectId", ProjectId);
                    WriteNullable(w, "projectName", ProjectName);
                    w.WriteBoolean("export", Export);
                    w.WriteString("createdAt", CreatedAt);
                    w.WriteString("updatedAt", UpdatedAt);
                    WriteNullable(w, "lastError", LastError);
                    w.WriteStartObject("failedPhotos");
                    foreach (var failed in _failedPhotos.OrderBy(p => p.Key, StringComparer.OrdinalIgnoreCase))
                    {
                        w.WriteString(failed.Key, failed.Value);
                    }

                    w.WriteEndObject();
                    w.WriteStartArray("delivered");
                    foreach (var kind in _delivered.OrderBy(k => k))
                    {
                        w.WriteStringValue(kind.ToString());
                    }

                    w.WriteEndArray();
                    w.WriteStartArray("multipartUploads");
                    foreach (var upload in _multipart.Values)
                    {
                        w.WriteStartObject();
                        w.WriteString("name", upload.FileName);
                        w.WriteString("uploadId", upload.UploadId);
                        w.WriteString("key", upload.Key);
                        w.WriteEndObject();
                    }

                    w.WriteEndArray();
                    w.WriteStartObject("settings");
                    foreach (var setting in _settings)
                    {
                        w.WriteString(setting.Key, setting.Value);
                    }

                    w.WriteEndObject();
                    w.WriteStartArray("files");
                    foreach (var name in _fileOrder)
                    {
                        var file = _files[name];
                        w.WriteStartObject();
                        w.WriteString("path", file.Path);
                        w.WriteNumber("length", file.Length);
                        w.WriteString("lastWriteTimeUtc", file.LastWriteTimeUtc);
                        WriteNullable(w, "md5", file.Md5);
                        w.WriteBoolean("uploaded", file.Uploaded);
                        w.WriteEndObject();
                    }

                    w.WriteEndArray();
                    w.WriteStartArray("outputs");
                    foreach (var output in _outputs.Values.OrderBy(o => o.SavedAt))
                    {
                        w.WriteStartObject();
                        WriteOutput(w, output);
                        w.WriteEndObject();
                    }

                    w.WriteEndArray();
                    w.WriteEndObject();
                }

                return buffer.ToArray();
            }
        }

        private static void WriteOutput(Utf8JsonWriter w, ImagenRunOutput output)
        {
            w.WriteString("kind", output.Kind.ToString());
            w.WriteString("fileName", output.FileName);
            w.WriteString("path", output.Path);
            w.WriteNumber("length", output.Length);
            w.WriteString("sha256", output.Sha256);
            w.WriteString("savedAt", output.SavedAt);
        }

        private static void WriteNullable(Utf8JsonWriter w, string name, string? value)
        {
            if (value == null)
            {
                w.WriteNull(name);
            }
            else
            {
                w.WriteString(name, value);
            }
        }

        /// <summary>
        /// Loads a record folder: the snapshot, then every whole line of its event log. Throws
        /// <see cref="InvalidDataException"/> when the snapshot is missing, cut short, empty or lacks a field (the
        /// store sets such a record aside), and <see cref="IOException"/> when it cannot be read just now.
        /// </summary>
        internal static ImagenRunRecord Load(string folder)
        {
            var snapshotPath = System.IO.Path.Combine(folder, SnapshotFileName);
            byte[] bytes;
            try
            {
                bytes = File.ReadAllBytes(snapshotPath);
            }
            catch (Exception missing) when (missing is FileNotFoundException || missing is DirectoryNotFoundException)
            {
                throw new InvalidDataException($"{SnapshotFileName} is missing.", missing);
            }

            try
            {
                using (var document = JsonDocument.Parse(bytes))
                {
                    return Read(folder, document.RootElement);
                }
            }
            catch (Exception damaged) when (damaged is JsonException || damaged is KeyNotFoundException || damaged is InvalidOperationException
                || damaged is FormatException || damaged is ArgumentException || damaged is NullReferenceException || damaged is OverflowException)
            {
                throw new InvalidDataException($"{SnapshotFileName} cannot be read: {damaged.Message}", damaged);
            }
        }

        private static ImagenRunRecord Read(string folder, JsonElement root)
        {
            var settings = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var setting in root.GetProperty("settings").EnumerateObject())
            {
                settings[setting.Name] = setting.Value.GetString() ?? string.Empty;
            }

            var files = root.GetProperty("files").EnumerateArray().Select(f => new ImagenRunFile(
                f.GetProperty("path").GetString()!,
                f.GetProperty("length").GetInt64(),
                f.GetProperty("lastWriteTimeUtc").GetDateTime().ToUniversalTime(),
                NullableString(f, "md5"),
                f.GetProperty("uploaded").GetBoolean())).ToList();
            var record = new ImagenRunRecord(
                folder,
                root.GetProperty("runId").GetString()!,
                root.GetProperty("shootKey").GetString()!,
                files,
                settings,
                NullableString(root, "projectName"),
                root.GetProperty("export").GetBoolean(),
                root.GetProperty("createdAt").GetDateTimeOffset())
            {
                ProjectId = NullableString(root, "projectId"),
                ShootId = NullableString(root, "shootId"),
                FoundOnService = root.TryGetProperty("foundOnService", out var found) && found.GetBoolean(),
                State = (ImagenRunState)Enum.Parse(typeof(ImagenRunState), root.GetProperty("state").GetString()!),
                UpdatedAt = root.GetProperty("updatedAt").GetDateTimeOffset(),
                LastError = NullableString(root, "lastError"),
                _generation = root.GetProperty("log").GetInt32(),
            };
            foreach (var output in root.GetProperty("outputs").EnumerateArray())
            {
                var saved = ReadOutput(output);
                record._outputs[saved.Path] = saved;
            }

            if (root.TryGetProperty("failedPhotos", out var failedPhotos))
            {
                foreach (var failed in failedPhotos.EnumerateObject())
                {
                    record._failedPhotos[failed.Name] = failed.Value.GetString() ?? string.Empty;
                }
            }

            if (root.TryGetProperty("multipartUploads", out var multipart))
            {
                foreach (var upload in multipart.EnumerateArray())
                {
                    record.ApplyMultipartStarted(upload);
                }
            }

            if (root.TryGetProperty("delivered", out var delivered))
            {
                foreach (var kind in delivered.EnumerateArray())
                {
                    record._delivered.Add((ImagenJobKind)Enum.Parse(typeof(ImagenJobKind), kind.GetString()!));
                }
            }

            record.Replay();
            record._diskStamp = record.ReadDiskStamp();
            return record;
        }

        /// <summary>Applies the current event log. Lines that do not parse (a torn last line) are skipped.</summary>
        private void Replay()
        {
            var path = LogPath(_generation);
            if (!File.Exists(path))
            {
                return;
            }

            string text;
            using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
            using (var reader = new StreamReader(stream, new UTF8Encoding(false)))
            {
                text = reader.ReadToEnd();
            }

            foreach (var line in text.Split('\n'))
            {
                if (line.Trim().Length == 0)
                {
                    continue;
                }

                try
                {
                    using (var document = JsonDocument.Parse(line))
                    {
                        Apply(document.RootElement);
                    }
                }
                catch (Exception ex) when (ex is JsonException || ex is KeyNotFoundException || ex is InvalidOperationException || ex is FormatException || ex is ArgumentException)
                {
                    // A line torn by a kill: the event it described had not been confirmed to anyone.
                }
            }
        }

        private void Apply(JsonElement e)
        {
            switch (e.GetProperty("e").GetString())
            {
                case "hashed":
                    if (_files.TryGetValue(e.GetProperty("name").GetString()!, out var hashed))
                    {
                        hashed.Md5 = e.GetProperty("md5").GetString();
                    }

                    break;
                case "uploaded":
                    if (_files.TryGetValue(e.GetProperty("name").GetString()!, out var uploaded))
                    {
                        uploaded.Uploaded = true;
                    }

                    break;
                case "multipart":
                    ApplyMultipartStarted(e);
                    break;
                case "multipartEnded":
                    _multipart.Remove(e.GetProperty("uploadId").GetString()!);
                    break;
                case "output":
                    var output = ReadOutput(e);
                    _outputs[output.Path] = output;
                    if (output.SavedAt > UpdatedAt)
                    {
                        UpdatedAt = output.SavedAt;
                    }

                    break;
            }
        }

        private void ApplyMultipartStarted(JsonElement e)
        {
            var upload = new ImagenMultipartUpload(e.GetProperty("name").GetString()!, e.GetProperty("uploadId").GetString()!, e.GetProperty("key").GetString()!);
            _multipart[upload.UploadId] = upload;
        }

        private static ImagenRunOutput ReadOutput(JsonElement e) => new ImagenRunOutput(
            (ImagenJobKind)Enum.Parse(typeof(ImagenJobKind), e.GetProperty("kind").GetString()!),
            e.GetProperty("fileName").GetString()!,
            e.GetProperty("path").GetString()!,
            e.GetProperty("length").GetInt64(),
            e.GetProperty("sha256").GetString()!,
            e.GetProperty("savedAt").GetDateTimeOffset());

        private static string? NullableString(JsonElement e, string name) =>
            e.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

        /// <summary>
        /// Writes the first snapshot of a new record into a folder of its own that appears whole: it is written under a
        /// temporary name and renamed into place, so no reader ever sees a record folder without its snapshot.
        /// </summary>
        internal void WriteInitial()
        {
            lock (_gate)
            {
                var parent = System.IO.Path.GetDirectoryName(Folder)!;
                var building = System.IO.Path.Combine(parent, System.IO.Path.GetFileName(Folder) + ImagenRunStore.BuildingSuffix);
                Directory.CreateDirectory(building);
                _generation++;
                UpdatedAt = DateTimeOffset.UtcNow;
                AtomicFile.Write(System.IO.Path.Combine(building, SnapshotFileName), Serialize());
                Directory.Move(building, Folder);
                _diskStamp = ReadDiskStamp();
            }
        }

        /// <summary>Marks a record made from a project found on the service (by its name) before its first write.</summary>
        internal void InitializeFoundOnService(string projectId, ImagenRunState state)
        {
            ProjectId = projectId;
            State = state;
            FoundOnService = true;
        }

        /// <summary>Sets the shoot of a new record before its first write.</summary>
        internal void InitializeShoot(string shootId) => ShootId = shootId;

        /// <summary>Sets the state of a save-only record before its first write.</summary>
        internal void InitializeSaveOnly(string projectId)
        {
            ProjectId = projectId;
            State = ImagenRunState.SaveOnly;
        }
    }
}
