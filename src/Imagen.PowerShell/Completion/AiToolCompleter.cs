using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using Imagen.Core;
using Imagen.PowerShell.Infrastructure;

namespace Imagen.PowerShell.Completion
{
    /// <summary>
    /// Completes -Tool with the project's AI-tool catalogue (GET /projects/{id}/ai-tools), once -ProjectId is typed:
    /// tools whose id or label starts with what was typed first, then those containing it. Like profile completion
    /// it never fails loudly or holds the prompt (<see cref="CompletionSource"/>): any problem yields no suggestions.
    /// </summary>
    public sealed class AiToolCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            string? projectId = fakeBoundParameters?["ProjectId"] as string;
            if (string.IsNullOrEmpty(projectId) || CompletionSource.Connection(fakeBoundParameters) is not ResolvedConnection connection)
            {
                return new CompletionResult[0];
            }

            var source = fakeBoundParameters!["Source"] is object value && Enum.TryParse(value.ToString(), true, out ImagenProjectSource parsed) ? parsed : ImagenProjectSource.Regular;
            IReadOnlyList<ImagenAiTool> tools = CompletionSource.Get(connection, $"ai-tools {source} {projectId}", (client, ct) => client.GetAiToolsAsync(projectId!, source, ct));
            return CompletionMatch.PrefixThenContains(tools, CompletionMatch.Unquote(wordToComplete), t => new[] { t.EnhancementType, t.Label })
                .Select(t => new CompletionResult(t.EnhancementType, t.EnhancementType, CompletionResultType.ParameterValue, t.Label ?? t.EnhancementType))
                .ToList();
        }
    }
}
