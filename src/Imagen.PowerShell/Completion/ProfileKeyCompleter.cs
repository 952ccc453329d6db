using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;
using System.Management.Automation.Language;
using Imagen.Core;

namespace Imagen.PowerShell.Completion
{
    /// <summary>
    /// Completes -ProfileKey with the account's profile keys, showing each profile's name, image type and tier.
    /// What was typed matches the start of a key or any part of a name, so "-ProfileKey crisp&lt;Tab&gt;" finds 5700.
    /// </summary>
    public sealed class ProfileKeyCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            string word = ProfileCompletion.Unquote(wordToComplete);
            var results = new List<CompletionResult>();
            foreach (ImagenProfile profile in ProfileCompletion.GetProfiles(fakeBoundParameters))
            {
                string key = profile.ProfileKey.ToString(CultureInfo.InvariantCulture);
                bool matches = word.Length == 0
                    || key.StartsWith(word, StringComparison.Ordinal)
                    || (profile.ProfileName ?? string.Empty).IndexOf(word, StringComparison.OrdinalIgnoreCase) >= 0;
                if (matches)
                {
                    results.Add(new CompletionResult(key, $"{key} {profile.ProfileName}", CompletionResultType.ParameterValue, ProfileCompletion.Describe(profile)));
                }
            }

            return results;
        }
    }
}
