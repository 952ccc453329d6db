using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Text;

namespace Imagen.PowerShell.Tests.Infrastructure;

/// <summary>Everything one script produced: output, every stream, and the terminating error if it stopped.</summary>
public sealed class PowerShellResult
{
    public required IReadOnlyList<PSObject> Output { get; init; }
    public required IReadOnlyList<ErrorRecord> Errors { get; init; }
    public required IReadOnlyList<VerboseRecord> Verbose { get; init; }
    public required IReadOnlyList<DebugRecord> Debug { get; init; }
    public required IReadOnlyList<WarningRecord> Warning { get; init; }
    public required IReadOnlyList<InformationRecord> Information { get; init; }
    public required IReadOnlyList<ProgressRecord> Progress { get; init; }

    /// <summary>The error that stopped the script, or null when it ran to the end.</summary>
    public ErrorRecord? Terminating { get; init; }

    /// <summary>Errors of the script, the terminating one included.</summary>
    public IEnumerable<ErrorRecord> AllErrors => Terminating is null ? Errors : Errors.Append(Terminating);

    public IEnumerable<string> ErrorIds => AllErrors.Select(e => e.FullyQualifiedErrorId.Split(',')[0]);

    /// <summary>Every piece of text the user could see or log, for "the key never appears" checks.</summary>
    public string AllText()
    {
        var text = new StringBuilder();
        foreach (var item in Output)
        {
            text.AppendLine(item?.ToString());
            if (item is not null)
            {
                foreach (var property in item.Properties)
                {
                    try
                    {
                        text.AppendLine(property.Name + "=" + property.Value);
                    }
                    catch (GetValueException)
                    {
                    }
                }
            }
        }

        foreach (var error in AllErrors)
        {
            text.AppendLine(error.ToString());
            text.AppendLine(error.FullyQualifiedErrorId);
            text.AppendLine(error.ErrorDetails?.Message);
            text.AppendLine(error.ErrorDetails?.RecommendedAction);
            text.AppendLine(error.TargetObject?.ToString());
            for (var exception = error.Exception; exception is not null; exception = exception.InnerException)
            {
                text.AppendLine(exception.ToString());
            }
        }

        foreach (var record in Verbose) text.AppendLine(record.Message);
        foreach (var record in Debug) text.AppendLine(record.Message);
        foreach (var record in Warning) text.AppendLine(record.Message);
        foreach (var record in Information) text.AppendLine(record.MessageData?.ToString());
        foreach (var record in Progress) text.AppendLine(record.Activity + " " + record.StatusDescription + " " + record.CurrentOperation);
        return text.ToString();
    }

    public override string ToString() =>
        $"{Output.Count} output, {Errors.Count} errors [{string.Join(", ", ErrorIds)}], terminating: {Terminating?.ToString() ?? "none"}";
}
