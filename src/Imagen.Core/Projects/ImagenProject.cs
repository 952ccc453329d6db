using System;

namespace Imagen.Core
{
    /// <summary>A project as the API lists it (GET /projects, GET /projects/{id}), or as just created.</summary>
    public sealed class ImagenProject
    {
        public ImagenProject(string projectId, string? name)
        {
            ProjectId = projectId;
            Name = name;
        }

        /// <summary>The project_uuid: 24 hex characters in practice, treated as opaque.</summary>
        public string ProjectId { get; }

        public string? Name { get; }

        /// <summary>Edit status as listed (e.g. "Completed"), when listed.</summary>
        public string? Status { get; init; }

        public string? ExportStatus { get; init; }

        /// <summary>
        /// When the project was created, as a point in time, so that `Where-Object CreatedAt -gt (Get-Date).AddDays(-1)`
        /// compares times, not text. Null when the server sent none or a format nobody can read.
        /// </summary>
        public DateTimeOffset? CreatedAt { get; init; }

        public int? NumberOfImages { get; init; }

        /// <summary>The profile's name as listed.</summary>
        public string? Profile { get; init; }

        /// <summary>The numeric project_id, when listed.</summary>
        public long? NumericId { get; init; }

        public string? ThumbnailUrl { get; init; }

        /// <summary>Regular (profile flow) or SmartEdit (a Smart Editing project).</summary>
        public ImagenProjectSource Source { get; init; }

        public override string ToString() => Name == null ? ProjectId : $"{Name} ({ProjectId})";
    }
}
