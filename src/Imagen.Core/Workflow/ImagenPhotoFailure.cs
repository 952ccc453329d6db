namespace Imagen.Core
{
    /// <summary>A photo the service could not edit: which, where, in which project, and the service's reason.</summary>
    public sealed class ImagenPhotoFailure
    {
        public ImagenPhotoFailure(string name, string path, string projectId, string reason)
        {
            Name = name;
            Path = path;
            ProjectId = projectId;
            Reason = reason;
        }

        /// <summary>The photo's name in the project.</summary>
        public string Name { get; }

        /// <summary>The local photo.</summary>
        public string Path { get; }

        public string ProjectId { get; }

        /// <summary>The service's words.</summary>
        public string Reason { get; }

        public override string ToString() => $"'{Name}' could not be edited: {Reason}";
    }
}
