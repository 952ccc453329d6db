using System.Collections.Generic;

namespace Imagen.Core
{
    /// <summary>One reason a set of files cannot be sent: a stable id, the message, and the files it concerns.</summary>
    public sealed class ImagenFileProblem
    {
        public ImagenFileProblem(string errorId, string message, IReadOnlyList<string> files, string? recommendedAction = null)
        {
            ErrorId = errorId;
            Message = message;
            Files = files;
            RecommendedAction = recommendedAction;
        }

        /// <summary>From <see cref="ImagenErrorIds"/>, e.g. ImagenFileTypeMismatch.</summary>
        public string ErrorId { get; }

        /// <summary>In the SDK's words where it has them, e.g. "RAW profile cannot be used with JPG files: ['a.jpg']".</summary>
        public string Message { get; }

        /// <summary>Full paths of the offending files (may be empty for problems that are not about files).</summary>
        public IReadOnlyList<string> Files { get; }

        /// <summary>What the user can do about it.</summary>
        public string? RecommendedAction { get; }

        public override string ToString() => Message;
    }
}
