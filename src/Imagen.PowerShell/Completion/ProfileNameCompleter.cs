using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using Imagen.Core;

namespace Imagen.PowerShell.Completion
{
    /// <summary>
    /// Completes -Name with the account's profile names (names starting with what was typed first, then names
    /// containing it), quoted because they contain spaces or symbols.
    /// </summary>
    public sealed class ProfileNameCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            string word = CompletionMatch.Unquote(wordToComplete);
            IEnumerable<ImagenProfile> named = ProfileCompletion.GetProfiles(fakeBoundParameters)
                .Where(p => !string.IsNullOrEmpty(p.ProfileName))
                .GroupBy(p => p.ProfileName!, StringComparer.OrdinalIgnoreCase)
                .Select(sameName => sameName.First());
            return CompletionMatch.PrefixThenContains(named, word, p => new[] { p.ProfileName })
                .Select(p => new CompletionResult("'" + p.ProfileName!.Replace("'", "''") + "'", p.ProfileName, CompletionResultType.ParameterValue, ProfileCompletion.Describe(p)))
                .ToList();
        }
    }
}
