using System.Collections.Generic;

namespace Imagen.Core
{
    /// <summary>The result of checking a set of files against a profile.</summary>
    public sealed class ProfileFileValidation
    {
        internal ProfileFileValidation(IReadOnlyList<ImagenFileCheck> files, IReadOnlyList<ImagenFileProblem> problems)
        {
            Files = files;
            Problems = problems;
        }

        /// <summary>One entry per input file, in input order.</summary>
        public IReadOnlyList<ImagenFileCheck> Files { get; }

        /// <summary>
        /// Each distinct problem once, worded as the SDK words it (group problems such as a type mismatch name all the
        /// files concerned). A cmdlet writes one error per entry.
        /// </summary>
        public IReadOnlyList<ImagenFileProblem> Problems { get; }

        public bool IsValid => Problems.Count == 0;

        /// <summary>Throws <see cref="ImagenValidationException"/> listing every problem, if there is any.</summary>
        public void ThrowIfInvalid()
        {
            if (!IsValid)
            {
                throw new ImagenValidationException(Problems);
            }
        }
    }
}
