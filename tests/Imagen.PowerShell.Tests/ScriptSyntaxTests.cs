using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation.Language;
using System.Text.RegularExpressions;
using Imagen.PowerShell.Tests.Infrastructure;
using Xunit;

namespace Imagen.PowerShell.Tests;

/// <summary>
/// There is no pwsh (nor Pester) on the build machines, so the scripts users and build.ps1 run are at least parsed by
/// the real PowerShell parser, and every Imagen command they call must exist in the manifest.
/// </summary>
[Collection(PowerShellCollection.Name)]
public sealed class ScriptSyntaxTests
{
    public static IEnumerable<object[]> Scripts()
    {
        yield return new object[] { "build.ps1" };
        yield return new object[] { "Imagen.psm1" };
        yield return new object[] { "Imagen.psd1" };
        foreach (var file in Directory.EnumerateFiles(Path.Combine(RepositoryRoot.Path, "tests", "Pester"), "*.ps1").OrderBy(f => f))
        {
            yield return new object[] { Path.GetRelativePath(RepositoryRoot.Path, file) };
        }
    }

    [Theory]
    [MemberData(nameof(Scripts))]
    public void ScriptParsesWithoutErrors(string relativePath)
    {
        Parser.ParseFile(Path.Combine(RepositoryRoot.Path, relativePath), out _, out var errors);
        Assert.True(errors.Length == 0, string.Join("\n", errors.Select(e => $"{e.Extent.StartLineNumber}:{e.Extent.StartColumnNumber} {e.Message}")));
    }

    [Theory]
    [MemberData(nameof(Scripts))]
    public void EveryImagenCommandItCallsIsExportedOrDefinedThere(string relativePath)
    {
        var ast = Parser.ParseFile(Path.Combine(RepositoryRoot.Path, relativePath), out _, out _);
        var defined = DefinedFunctions(ast);
        if (relativePath.StartsWith(Path.Combine("tests", "Pester")))
        {
            // The Pester files dot-source their shared helpers.
            defined.UnionWith(DefinedFunctions(Parser.ParseFile(Path.Combine(RepositoryRoot.Path, "tests", "Pester", "Imagen.TestHelpers.ps1"), out _, out _)));
        }

        var exported = ManifestCmdlets();
        var unknown = ast.FindAll(a => a is CommandAst, true).Cast<CommandAst>()
            .Select(c => c.GetCommandName())
            .Where(n => n is not null && n.Contains("-Imagen") && !defined.Contains(n) && !exported.Contains(n))
            .Distinct()
            .ToArray();
        Assert.Empty(unknown);
    }

    [Theory]
    [MemberData(nameof(Scripts))]
    public void EveryImagenParameterDefaultItSetsNamesARealParameter(string relativePath)
    {
        // e.g. build.ps1's demo: $PSDefaultParameterValues['*-Imagen*:PollingIntervalSec'] = 0.2. A renamed
        // parameter would silently leave the default unused (the demo would poll every 5 s again).
        var ast = Parser.ParseFile(Path.Combine(RepositoryRoot.Path, relativePath), out _, out _);
        var keys = ast.FindAll(a => a is StringConstantExpressionAst, true).Cast<StringConstantExpressionAst>()
            .Select(s => Regex.Match(s.Value, @"^(?<commands>[^:\s]*-Imagen[^:\s]*):(?<parameter>\w+)$"))
            .Where(m => m.Success)
            .Select(m => (Commands: m.Groups["commands"].Value, Parameter: m.Groups["parameter"].Value))
            .Distinct()
            .ToArray();
        if (keys.Length == 0)
        {
            return;
        }

        using var session = new PowerShellSession();
        foreach (var (commands, parameter) in keys)
        {
            var having = session.Invoke("@((Get-Module Imagen).ExportedCmdlets.Values | Where-Object { $_.Name -like $c -and $_.Parameters.ContainsKey($p) }).Count",
                new Dictionary<string, object?> { ["c"] = commands, ["p"] = parameter });
            Assert.True((int)having.Output.Single().BaseObject > 0, $"{relativePath} sets a default for {commands}:{parameter}, but no exported cmdlet matching {commands} has -{parameter}.");
        }
    }

    [Fact]
    public void PesterFilesUsePester5Blocks()
    {
        foreach (var file in Directory.EnumerateFiles(Path.Combine(RepositoryRoot.Path, "tests", "Pester"), "*.Tests.ps1"))
        {
            var ast = Parser.ParseFile(file, out _, out _);
            var commands = ast.FindAll(a => a is CommandAst, true).Cast<CommandAst>().Select(c => c.GetCommandName()).ToHashSet();
            Assert.Contains("Describe", commands);
            Assert.Contains("It", commands);
            Assert.Contains("BeforeAll", commands);

            // Pester 5 runs only code inside blocks: top-level statements other than Describe run at discovery.
            var topLevel = ast.EndBlock.Statements
                .Select(s => (s as PipelineAst)?.PipelineElements.FirstOrDefault() as CommandAst)
                .Select(c => c?.GetCommandName())
                .ToArray();
            Assert.All(topLevel, name => Assert.Equal("Describe", name));
        }
    }

    private static HashSet<string> DefinedFunctions(Ast ast) =>
        ast.FindAll(a => a is FunctionDefinitionAst, true).Cast<FunctionDefinitionAst>().Select(f => f.Name).ToHashSet();

    private static HashSet<string> ManifestCmdlets()
    {
        var manifest = Parser.ParseFile(RepositoryRoot.ManifestPath, out _, out _);
        var table = (HashtableAst)manifest.Find(a => a is HashtableAst, true)!;
        var entry = table.KeyValuePairs.Single(p => p.Item1 is StringConstantExpressionAst { Value: "CmdletsToExport" });
        return entry.Item2.FindAll(a => a is StringConstantExpressionAst, true).Cast<StringConstantExpressionAst>().Select(s => s.Value).ToHashSet();
    }
}
