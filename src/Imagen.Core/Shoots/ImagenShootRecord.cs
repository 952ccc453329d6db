using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;

namespace Imagen.Core
{
    /// <summary>
    /// What the run store remembers of a shoot besides its projects' run records: its name, the folders it was seen
    /// at (a folder moved or reached by another path is the same shoot), its photos' type, and the latest size, time
    /// stamp and MD5 seen of each photo, so an unchanged photo is never read again and a time-stamp shift costs one
    /// hash, once. Its projects are the run records that carry its <see cref="ShootId"/>. One small JSON file in the
    /// store's "shoots" folder, replaced atomically; written only under the shoot's lock.
    /// </summary>
    public sealed class ImagenShootRecord
    {
        private const int FormatVersion = 1;
        private readonly object _gate = new object();
        private readonly List<string> _folders = new List<string>();
        private readonly List<string> _folderIds = new List<string>();
        private readonly Dictionary<string, PhotoStamp> _photos = new Dictionary<string, PhotoStamp>(StringComparer.OrdinalIgnoreCase);
        private string _diskStamp = string.Empty;

        internal ImagenShootRecord(string file, string shootId, string name, string readable, string imageType, DateTimeOffset createdAt)
        {
            File = file;
            ShootId = shootId;
            Name = name;
            Readable = readable;
            ImageType = imageType;
            CreatedAt = createdAt;
            UpdatedAt = createdAt;
        }

        /// <summary>The record's file in the store.</summary>
        public string File { get; }

        /// <summary>Unique within the store, e.g. shoot-20261205-1a2b3c4d.</summary>
        public string ShootId { get; }

        /// <summary>The shoot folder's name when the shoot was first seen.</summary>
        public string Name { get; }

        /// <summary>The readable part of the shoot's project names (see <see cref="ImagenProjectNames"/>), fixed at the first project.</summary>
        public string Readable { get; }

        /// <summary>RAW or JPG: the profile type of the photos it is edited as.</summary>
        public string ImageType { get; }

        public DateTimeOffset CreatedAt { get; }

        public DateTimeOffset UpdatedAt { get; private set; }

        /// <summary>Every full path the shoot folder was seen at, the latest first.</summary>
        public IReadOnlyList<string> Folders
        {
            get
            {
                lock (_gate)
                {
                    return _folders.ToList();
                }
            }
        }

        /// <summary>The latest path the shoot was seen at.</summary>
        public string Folder
        {
            get
            {
                lock (_gate)
                {
                    return _folders.Count > 0 ? _folders[0] : string.Empty;
                }
            }
        }

        /// <summary>The file-system identities of the folders (see <see cref="ShootFolder.IdentityOf"/>).</summary>
        internal IReadOnlyList<string> FolderIds
        {
            get
            {
                lock (_gate)
                {
                    return _folderIds.ToList();
                }
            }
        }

        /// <summary>True when the shoot was seen at this path (as the file system compares names) or folder identity.</summary>
        public bool WasSeenAt(string folder, string identity)
        {
            lock (_gate)
            {
                return _folderIds.Contains(identity, StringComparer.Ordinal) || _folders.Contains(Path.GetFullPath(folder), ImagenRunRecord.PathComparer);
            }
        }

        /// <summary>The latest size, write time and MD5 seen of a photo, or null.</summary>
        internal PhotoStamp? FindPhoto(string name)
        {
            lock (_gate)
            {
                return _photos.TryGetValue(name, out var stamp) ? stamp : null;
            }
        }

        /// <summary>How many photos the record knows by (name, size): how much of a folder's listing it recognises.</summary>
        internal int Recognises(IEnumerable<ImagenShootPhoto> photos)
        {
            lock (_gate)
            {
                return photos.Count(p => _photos.TryGetValue(p.Name, out var stamp) && stamp.Length == p.Length);
            }
        }

        internal int PhotoCount
        {
            get
            {
                lock (_gate)
                {
                    return _photos.Count;
                }
            }
        }

        /// <summary>Remembers where the shoot is now (first in <see cref="Folders"/>).</summary>
        internal void SeenAt(string folder, string identity)
        {
            var full = Path.GetFullPath(folder);
            lock (_gate)
            {
                _folders.RemoveAll(f => ImagenRunRecord.PathComparer.Equals(f, full));
                _folders.Insert(0, full);
                if (!_folderIds.Contains(identity, StringComparer.Ordinal))
                {
                    _folderIds.Add(identity);
                }
            }
        }

        /// <summary>Remembers a photo's size, write time and (when known) MD5.</summary>
        internal void Stamp(string name, long length, DateTime lastWriteTimeUtc, string? md5)
        {
            lock (_gate)
            {
                _photos[name] = new PhotoStamp(length, DateTime.SpecifyKind(lastWriteTimeUtc, DateTimeKind.Utc), md5);
            }
        }

        /// <summary>Writes the record (atomically).</summary>
        internal void Save()
        {
            byte[] bytes;
            lock (_gate)
            {
                UpdatedAt = DateTimeOffset.UtcNow;
                bytes = Serialize();
            }

            Directory.CreateDirectory(Path.GetDirectoryName(File)!);
            AtomicFile.Write(File, bytes);
            lock (_gate)
            {
                _diskStamp = ReadDiskStamp(File);
            }
        }

        /// <summary>True when no other process replaced the record's file since this instance read or wrote it.</summary>
        internal bool IsCurrent()
        {
            lock (_gate)
            {
                return string.Equals(_diskStamp, ReadDiskStamp(File), StringComparison.Ordinal);
            }
        }

        /// <summary>What the file looks like (write time and size): every save replaces it, so another process's save changes it.</summary>
        private static string ReadDiskStamp(string file)
        {
            var info = new FileInfo(file);
            return info.Exists ? info.LastWriteTimeUtc.Ticks + "|" + info.Length : "missing";
        }

        public override string ToString() => $"{Name} ({ShootId})";

        private byte[] Serialize()
        {
            using (var buffer = new MemoryStream())
            {
                using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
                {
                    w.WriteStartObject();
                    w.WriteNumber("version", FormatVersion);
                    w.WriteString("shootId", ShootId);
                    w.WriteString("name", Name);
                    w.WriteString("readable", Readable);
                    w.WriteString("imageType", ImageType);
                    w.WriteString("createdAt", CreatedAt);
                    w.WriteString("updatedAt", UpdatedAt);
                    w.WriteStartArray("folders");
                    foreach (var folder in _folders)
                    {
                        w.WriteStringValue(folder);
                    }

                    w.WriteEndArray();
                    w.WriteStartArray("folderIds");
                    foreach (var id in _folderIds)
                    {
                        w.WriteStringValue(id);
                    }

                    w.WriteEndArray();
                    w.WriteStartArray("photos");
                    foreach (var photo in _photos.OrderBy(p => p.Key, StringComparer.OrdinalIgnoreCase))
                    {
                        w.WriteStartObject();
                        w.WriteString("name", photo.Key);
                        w.WriteNumber("length", photo.Value.Length);
                        w.WriteString("lastWriteTimeUtc", photo.Value.LastWriteTimeUtc);
                        if (photo.Value.Md5 != null)
                        {
                            w.WriteString("md5", photo.Value.Md5);
                        }

                        w.WriteEndObject();
                    }

                    w.WriteEndArray();
                    w.WriteEndObject();
                }

                return buffer.ToArray();
            }
        }

        /// <summary>Reads a record file. Throws (JsonException, KeyNotFoundException, ...) when it is damaged: the store sets it aside.</summary>
        internal static ImagenShootRecord Load(string file)
        {
            // The stamp is taken before the bytes: a save in between makes the record look changed, never current.
            var stamp = ReadDiskStamp(file);
            using (var document = JsonDocument.Parse(System.IO.File.ReadAllBytes(file)))
            {
                var root = document.RootElement;
                var record = new ImagenShootRecord(
                    file,
                    Required(root, "shootId"),
                    Required(root, "name"),
                    Required(root, "readable"),
                    Required(root, "imageType"),
                    root.GetProperty("createdAt").GetDateTimeOffset())
                {
                    UpdatedAt = root.GetProperty("updatedAt").GetDateTimeOffset(),
                    _diskStamp = stamp,
                };
                record._folders.AddRange(root.GetProperty("folders").EnumerateArray().Select(f => f.GetString()!));
                record._folderIds.AddRange(root.GetProperty("folderIds").EnumerateArray().Select(f => f.GetString()!));
                foreach (var photo in root.GetProperty("photos").EnumerateArray())
                {
                    record._photos[Required(photo, "name")] = new PhotoStamp(
                        photo.GetProperty("length").GetInt64(),
                        photo.GetProperty("lastWriteTimeUtc").GetDateTime().ToUniversalTime(),
                        photo.TryGetProperty("md5", out var md5) ? md5.GetString() : null);
                }

                return record;
            }
        }

        private static string Required(JsonElement element, string name) =>
            element.GetProperty(name).GetString() ?? throw new KeyNotFoundException($"'{name}' is null.");

        /// <summary>A photo as last seen: size, write time and, once read, its base64 MD5.</summary>
        internal sealed class PhotoStamp
        {
            public PhotoStamp(long length, DateTime lastWriteTimeUtc, string? md5)
            {
                Length = length;
                LastWriteTimeUtc = lastWriteTimeUtc;
                Md5 = md5;
            }

            public long Length { get; }

            public DateTime LastWriteTimeUtc { get; }

            public string? Md5 { get; }
        }
    }
}
