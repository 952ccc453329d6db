using System.Linq;
using Imagen.PowerShell.Tests.Infrastructure;
using Xunit;

namespace Imagen.PowerShell.Tests;

/// <summary>
/// Every object the module's cmdlets declare as output gets a default view from Imagen.Format.ps1xml, so a user
/// sees a readable table rather than every property; the views name only properties that exist.
/// </summary>
[Collection(PowerShellCollection.Name)]
public sealed class OutputViewTests
{
    [Fact]
    public void EveryDeclaredOutputTypeOfEveryExportedCmdletHasAView()
    {
        using var session = new PowerShellSession();
        // No Format-* or Out-String in the hosted engine: read the format file the module registered.
        var result = session.Invoke(
            "[xml]$views = [IO.File]::ReadAllText((Get-Module Imagen).ExportedFormatFiles[0]); " +
            "foreach ($command in (Get-Module Imagen).ExportedCmdlets.Values) { " +
            "  foreach ($output in $command.OutputType) { " +
            "    $type = $output.Type; " +
            "    if ($null -eq $type -or -not $type.FullName.StartsWith('Imagen.')) { continue } " + // System types: PowerShell's own views
            "    $view = @($views.Configuration.ViewDefinitions.View | Where-Object { $_.ViewSelectedBy.TypeName -eq $type.FullName }); " +
            "    $columns = @($view.TableControl.TableRowEntries.TableRowEntry.TableColumnItems.TableColumnItem.PropertyName) + @($view.ListControl.ListEntries.ListEntry.ListItems.ListItem.PropertyName); " +
            "    $missing = @($columns | Where-Object { $_ -and -not $type.GetProperty($_) }); " +
            "    \"$($command.Name)|$($type.FullName)|$($view.Count)|$(@($columns | Where-Object { $_ }) -join ',')|$($missing -join ',')\" } }");

        Assert.Empty(result.AllErrors);
        var rows = result.Output.Select(o => o.ToString()!.Split('|')).ToList();
        Assert.Contains(rows, r => r[0] == "Get-ImagenSupportedFileType" && r[1] == "Imagen.PowerShell.ImagenSupportedFileType" && r[3] == "Extension,Kind");
        Assert.Contains(rows, r => r[0] == "Invoke-ImagenEdit");
        Assert.All(rows, r =>
        {
            Assert.True(r[2] == "1", $"{r[0]} outputs {r[1]}, which has {r[2]} views in Imagen.Format.ps1xml (expected exactly one).");
            Assert.True(r[3].Length > 0, $"The view of {r[1]} shows no properties.");
            Assert.True(r[4].Length == 0, $"The view of {r[1]} names properties the type does not have: {r[4]}.");
        });
    }
}
