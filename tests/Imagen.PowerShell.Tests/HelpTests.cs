using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Imagen.PowerShell.Tests.Infrastructure;
using Xunit;

namespace Imagen.PowerShell.Tests;

/// <summary>
/// Get-Help of the staged module (build.ps1's Stage writes the MAML from the cmdlets' XML doc comments), checked for
/// every cmdlet the manifest exports: real words, an example, a description for every parameter the cmdlet has, and
/// no help for a parameter it does not have, so the help cannot drift from the code.
/// </summary>
[Collection(PowerShellCollection.Name)]
public sealed class HelpTests : IDisposable
{
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("imagen-help-");

    [Fact]
    public void EveryExportedCmdletHasCompleteHelpThatMatchesItsParameters()
    {
        var exported = ExportedCmdlets();
        Assert.True(exported.Length >= 19, $"The manifest lists only {exported.Length} cmdlets.");

        var output = Path.Combine(_work.FullName, "out");
        var configuration = Path.GetFileName(Path.GetDirectoryName(Path.GetDirectoryName(typeof(HelpTests).Assembly.Location))!);
        var script = Path.Combine(_work.FullName, "help.ps1");
        File.WriteAllText(script, $$"""
            $ErrorActionPreference = 'Stop'
            $null = & '{{Path.Combine(RepositoryRoot.Path, "build.ps1")}}' -Task Stage -Configuration {{configuration}} -Framework net8.0 -OutputPath '{{output}}'
            Import-Module '{{Path.Combine(output, "Imagen", RepositoryRoot.ModuleVersion, "Imagen.psd1")}}' -Force
            $common = [System.Collections.Generic.HashSet[string]]::new([string[]](@([System.Management.Automation.Cmdlet]::CommonParameters) + @([System.Management.Automation.Cmdlet]::OptionalCommonParameters)))
            function Text($Node) { (@($Node | ForEach-Object { $_.Text }) -join ' ').Trim() }
            foreach ($name in @({{string.Join(", ", exported.Select(n => $"'{n}'"))}})) {
                $command = Get-Command $name -Module Imagen
                $help = Get-Help $name -Full
                'checked: ' + $name
                if ($help.PSObject.TypeNames -notcontains 'MamlCommandHelpInfo') { "problem: ${name}: Get-Help found no MAML help" }
                $synopsis = "$($help.Synopsis)".Trim()
                if (-not $synopsis -or $synopsis -like "$name *" -or $synopsis -match '\[-\w+') { "problem: ${name}: synopsis is missing or is the syntax: '$synopsis'" }
                $description = Text $help.description
                if (-not $description -or $description -eq $synopsis) { "problem: ${name}: no description beyond the synopsis" }
                $examples = @($help.examples.example | Where-Object { "$($_.code)" -like "*$name*" })
                if ($examples.Count -lt 1) { "problem: ${name}: no example that uses $name" }
                # A cmdlet without parameters has an empty <parameters/>, which Get-Help shows as a nameless entry.
                $documented = @($help.parameters.parameter | Where-Object { "$($_.name)" })
                foreach ($parameter in $command.Parameters.Values) {
                    if ($common.Contains($parameter.Name)) { continue }
                    $entry = $documented | Where-Object { $_.name -eq $parameter.Name }
                    if (-not $entry) { "problem: ${name}: -$($parameter.Name) is not in the help" }
                    elseif (-not (Text $entry.description)) { "problem: ${name}: -$($parameter.Name) has no description" }
                }
                foreach ($entry in $documented) {
                    if (-not $command.Parameters.ContainsKey($entry.name)) { "problem: ${name}: the help documents -$($entry.name), which the cmdlet does not have" }
                }
            }
            """);

        var (exitCode, stdout, stderr) = ChildProcess.RunPowerShell(script, TimeSpan.FromMinutes(5));

        Assert.True(exitCode == 0, stderr + stdout);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(exported.Select(n => "checked: " + n), lines.Where(l => l.StartsWith("checked: ", StringComparison.Ordinal)));
        var problems = lines.Where(l => l.StartsWith("problem: ", StringComparison.Ordinal)).ToArray();
        Assert.True(problems.Length == 0, string.Join(Environment.NewLine, problems));
    }

    /// <summary>CmdletsToExport of the repository's manifest, read as text so the test checks what ships.</summary>
    private static string[] ExportedCmdlets()
    {
        var manifest = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "Imagen.psd1"));
        var list = Regex.Match(manifest, @"CmdletsToExport\s*=\s*@\((?<names>.*?)^\s*\)", RegexOptions.Singleline | RegexOptions.Multiline).Groups["names"].Value;
        var withoutComments = Regex.Replace(list, "#[^\r\n]*", "");
        return Regex.Matches(withoutComments, @"'(?<name>[A-Za-z]+-[A-Za-z]+)'").Select(m => m.Groups["name"].Value).ToArray();
    }

    public void Dispose() => _work.Delete(recursive: true);
}
