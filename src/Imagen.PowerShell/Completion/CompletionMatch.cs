using System;
using System.Collections.Generic;
using System.Linq;

namespace Imagen.PowerShell.Completion
{
    /// <summary>How every completer matches what was typed: items where it starts a text first, then items where it appears anywhere.</summary>
    internal static class CompletionMatch
    {
        /// <summary>
        /// The items whose <paramref name="texts"/> (a key, a name, a label) match <paramref name="word"/>, ignoring
        /// case: those where one of them starts with it first, then those where one contains it, each group in the
        /// items' own order. Everything when nothing was typed.
        /// </summary>
        public static IReadOnlyList<T> PrefixThenContains<T>(IEnumerable<T> items, string word, Func<T, IEnumerable<string?>> texts)
        {
            var list = items.ToList();
            if (word.Length == 0)
            {
                return list;
            }

            var starting = list.Where(item => texts(item).Any(t => (t ?? string.Empty).StartsWith(word, StringComparison.OrdinalIgnoreCase))).ToList();
            var containing = list.Except(starting).Where(item => texts(item).Any(t => (t ?? string.Empty).IndexOf(word, StringComparison.OrdinalIgnoreCase) >= 0));
            return starting.Concat(containing).ToList();
        }

        /// <summary>The word being completed, without the quotes the user may have typed.</summary>
        public static string Unquote(string? wordToComplete) => (wordToComplete ?? string.Empty).Trim().Trim('\'', '"');
    }
}
