using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Management.Automation.Language;
using System.Threading;
using Imagen.Core;
using Imagen.PowerShell.Infrastructure;

namespace Imagen.PowerShell.Completion
{
    /// <summary>
    /// Completes -Tool with the project's AI-tool catalogue (GET /projects/{id}/ai-tools), once -ProjectId is typed.
    /// Like profile completion it never fails loudly or hangs: any problem yields no suggestions.
    /// </summary>
    public sealed class AiToolCompleter : IArgumentCompleter
    {
        private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            var results = new List<CompletionResult>();
            string? projectId = fakeBoundParameters?["ProjectId"] as string;
            if (string.IsNullOrEmpty(projectId))
            {
                return results;
            }

            var source = fakeBoundParameters!["Source"] is object value && Enum.TryParse(value.ToString(), true, out ImagenProjectSource parsed) ? parsed : ImagenProjectSource.Regular;
            string word = ProfileCompletion.Unquote(wordToComplete);
            foreach (ImagenAiTool tool in Fetch(projectId!, source, fakeBoundParameters["BaseUrl"] as string))
            {
                if (word.Length == 0 || tool.EnhancementType.StartsWith(word, StringComparison.OrdinalIgnoreCase) || (tool.Label ?? string.Empty).IndexOf(word, StringComparison.OrdinalIgnoreCase) >= 0)
                {
                    results.Add(new CompletionResult(tool.EnhancementType, tool.EnhancementType, CompletionResultType.ParameterValue, tool.Label ?? tool.EnhancementType));
                }
            }

            return results;
        }

        private static IReadOnlyList<ImagenAiTool> Fetch(string projectId, ImagenProjectSource source, string? baseUrl)
        {
            try
            {
                ResolvedConnection connection = ConnectionResolver.Resolve(null, baseUrl);
                using (var timeout = new CancellationTokenSource(Timeout))
                {
                    if (connection.Session is not null)
                    {
                        return connection.Session.Client.GetAiToolsAsync(projectId, source, timeout.Token).ConfigureAwait(false).GetAwaiter().GetResult();
                    }

                    using (var client = new ImagenClient(connection.Settings, null, null))
                    {
                        return client.GetAiToolsAsync(projectId, source, timeout.Token).ConfigureAwait(false).GetAwaiter().GetResult();
                    }
                }
            }
            catch (Exception error) when (error is TerminatingErrorException || error is ImagenException || error is OperationCanceledException || error is ArgumentException)
            {
                return Array.Empty<ImagenAiTool>();
            }
        }
    }
}
