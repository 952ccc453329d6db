using System;
using System.Globalization;

namespace Imagen.Core
{
    /// <summary>GET /projects/{id}/edit/status or /export/status.</summary>
    public sealed class ImagenJobStatus
    {
        public ImagenJobStatus(string projectId, ImagenJobKind kind, string status, double? progress, string? details)
        {
            ProjectId = projectId;
            Kind = kind;
            Status = status;
            Progress = progress;
            Details = details;
            State = Classify(status);
        }

        public string ProjectId { get; }

        public ImagenJobKind Kind { get; }

        /// <summary>The status text exactly as the server sent it.</summary>
        public string Status { get; }

        public ImagenJobState State { get; }

        /// <summary>Percent, 0 to 100, when the server says.</summary>
        public double? Progress { get; }

        /// <summary>The server's extra information (the reason, on failure).</summary>
        public string? Details { get; }

        public bool IsTerminal => State == ImagenJobState.Completed || State == ImagenJobState.Failed;

        /// <summary>
        /// Compares case-insensitively ignoring spaces, underscores and hyphens: "In Progress", "IN_PROGRESS" and
        /// "in-progress" are the same state (imagen-api.md §5.1).
        /// </summary>
        public static ImagenJobState Classify(string? status)
        {
            var key = new string(Array.FindAll((status ?? string.Empty).ToCharArray(), c => !char.IsWhiteSpace(c) && c != '_' && c != '-')).ToLowerInvariant();
            switch (key)
            {
                case "completed":
                case "complete":
                case "done":
                case "succeeded":
                    return ImagenJobState.Completed;
                case "failed":
                case "error":
                    return ImagenJobState.Failed;
                case "inprogress":
                case "processing":
                case "running":
                    return ImagenJobState.InProgress;
                case "pending":
                case "queued":
                case "notstarted":
                case "":
                    return ImagenJobState.Pending;
                default:
                    return ImagenJobState.Unknown;
            }
        }

        public override string ToString() =>
            Progress.HasValue ? string.Format(CultureInfo.InvariantCulture, "{0} {1} ({2:0.#}%)", Kind, Status, Progress.Value) : Kind + " " + Status;
    }
}
