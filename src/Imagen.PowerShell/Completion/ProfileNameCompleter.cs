using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Management.Automation.Language;
using Imagen.Core;

namespace Imagen.PowerShell.Completion
{
    /// <summary>Completes -Name with the account's profile names, quoted when they contain spaces or symbols.</summary>
    public sealed class ProfileNameCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            string word = ProfileCompletion.Unquote(wordToComplete);
            var pattern = WildcardPattern.Get(WildcardPattern.Escape(word) + "*", WildcardOptions.IgnoreCase);
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            var results = new List<CompletionResult>();
            foreach (ImagenProfile profile in ProfileCompletion.GetProfiles(fakeBoundParameters))
            {
                string name = profile.ProfileName ?? string.Empty;
                if (name.Length == 0 || !pattern.IsMatch(name) || !seen.Add(name))
                {
                    continue;
                }

                string text = "'" + name.Replace("'", "''") + "'";
                results.Add(new CompletionResult(text, name, CompletionResultType.ParameterValue, ProfileCompletion.Describe(profile)));
            }

            return results;
        }
    }
}
