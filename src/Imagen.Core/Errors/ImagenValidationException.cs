using System;
using System.Collections.Generic;

namespace Imagen.Core
{
    /// <summary>
    /// Input was refused before anything was sent to the server (files that do not fit the profile, conflicting
    /// options, duplicate names). <see cref="Problems"/> lists every reason, not just the first.
    /// </summary>
    public sealed class ImagenValidationException : ImagenException
    {
        public ImagenValidationException(IReadOnlyList<ImagenFileProblem> problems)
            : base(BuildMessage(problems), problems.Count > 0 ? problems[0].ErrorId : ImagenErrorIds.InvalidEditOption)
        {
            Problems = problems;
        }

        public ImagenValidationException(string message, string errorId)
            : base(message, errorId)
        {
            Problems = new[] { new ImagenFileProblem(errorId, message, Array.Empty<string>()) };
        }

        public IReadOnlyList<ImagenFileProblem> Problems { get; }

        private static string BuildMessage(IReadOnlyList<ImagenFileProblem> problems)
        {
            if (problems.Count == 1)
            {
                return problems[0].Message;
            }

            var lines = new List<string>(problems.Count);
            foreach (var problem in problems)
            {
                lines.Add(problem.Message);
            }

            return problems.Count + " problems: " + string.Join(" ", lines);
        }
    }
}
