using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using Imagen.Core;

namespace Imagen.PowerShell.Completion
{
    /// <summary>
    /// Completes -ProfileKey with the account's profile keys, showing each profile's name, image type and tier.
    /// What was typed matches the start of a key or a name first, then any part of a name, so
    /// "-ProfileKey crisp&lt;Tab&gt;" finds 5700.
    /// </summary>
    public sealed class ProfileKeyCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            string word = CompletionMatch.Unquote(wordToComplete);
            return CompletionMatch.PrefixThenContains(ProfileCompletion.GetProfiles(fakeBoundParameters), word, p => new[] { Key(p), p.ProfileName })
                .Select(p => new CompletionResult(Key(p), $"{Key(p)} {p.ProfileName}", CompletionResultType.ParameterValue, ProfileCompletion.Describe(p)))
                .ToList();
        }

        private static string Key(ImagenProfile profile) => profile.ProfileKey.ToString(CultureInfo.InvariantCulture);
    }
}
