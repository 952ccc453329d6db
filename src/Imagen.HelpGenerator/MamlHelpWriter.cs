using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;

namespace Imagen.HelpGenerator;

/// <summary>
/// Writes MAML (what Get-Help reads) for every cmdlet of a binary module. Everything PowerShell knows comes from the
/// cmdlets as PowerShell itself sees them (the module imported into a runspace), so Get-Help agrees with
/// Get-Command: SYNTAX in the engine's display order and type names (-WhatIf and -Confirm included), each
/// parameter's attributes and default value, INPUTS from the pipeline parameters, OUTPUTS from [OutputType]. Words
/// come from the XML documentation comments: &lt;para type="synopsis"&gt;, &lt;para type="description"&gt;, each
/// &lt;example&gt;&lt;code&gt; with its &lt;para&gt; sentences, and each parameter property's &lt;summary&gt; (whose
/// "Default ..." sentence, when it has one, is the default value shown).
/// </summary>
public static class MamlHelpWriter
{
    private const string Maml = "http://schemas.microsoft.com/maml/2004/10";
    private const string Command = "http://schemas.microsoft.com/maml/dev/command/2004/10";
    private const string Dev = "http://schemas.microsoft.com/maml/dev/2004/10";

    public static byte[] Write(string assemblyPath, string documentationPath)
    {
        var members = XDocument.Load(documentationPath).Descendants("member")
            .ToDictionary(m => (string)m.Attribute("name")!, m => m, StringComparer.Ordinal);
        // -Verbose, -ErrorAction...: Get-Help shows them as [<CommonParameters>]. -WhatIf and -Confirm are shown.
        var commonParameters = new HashSet<string>(Cmdlet.CommonParameters, StringComparer.OrdinalIgnoreCase);

        using var powerShell = System.Management.Automation.PowerShell.Create(InitialSessionState.CreateDefault2());
        var module = powerShell.AddCommand("Import-Module").AddParameter("Name", Path.GetFullPath(assemblyPath)).AddParameter("PassThru")
            .Invoke<PSModuleInfo>().Single();

        var buffer = new MemoryStream();
        using (var xml = XmlWriter.Create(buffer, new XmlWriterSettings { Indent = true, Encoding = new UTF8Encoding(false) }))
        {
            xml.WriteStartElement("helpItems", "http://msh");
            xml.WriteAttributeString("schema", "maml");
            foreach (CmdletInfo cmdlet in module.ExportedCmdlets.Values.OrderBy(c => c.Name, StringComparer.Ordinal))
            {
                WriteCommand(xml, cmdlet, members, commonParameters);
            }

            xml.WriteEndElement();
        }

        return buffer.ToArray();
    }

    private static void WriteCommand(XmlWriter xml, CmdletInfo cmdlet, IReadOnlyDictionary<string, XElement> members, HashSet<string> commonParameters)
    {
        members.TryGetValue("T:" + cmdlet.ImplementingType.FullName, out XElement? typeDoc);
        string synopsis = Text(typeDoc?.Element("summary")?.Elements("para").FirstOrDefault(p => (string?)p.Attribute("type") == "synopsis"));
        var descriptions = typeDoc?.Element("summary")?.Elements("para").Where(p => (string?)p.Attribute("type") == "description").Select(Text).ToList() ?? new List<string>();
        xml.WriteStartElement("command", "command", Command);
        xml.WriteAttributeString("xmlns", "maml", null, Maml);
        xml.WriteAttributeString("xmlns", "dev", null, Dev);
        xml.WriteStartElement("command", "details", Command);
        xml.WriteElementString("command", "name", Command, cmdlet.Name);
        WriteParagraphs(xml, synopsis);
        xml.WriteElementString("command", "verb", Command, cmdlet.Verb);
        xml.WriteElementString("command", "noun", Command, cmdlet.Noun);
        xml.WriteEndElement();
        WriteParagraphs(xml, descriptions.Count > 0 ? descriptions.ToArray() : new[] { synopsis });

        // SYNTAX as Get-Command -Syntax shows it: every parameter set, its parameters in the engine's display order
        // (positional by position, then named mandatory, then named), -WhatIf and -Confirm included, the engine's
        // type names. Get-Help adds [<CommonParameters>] itself.
        xml.WriteStartElement("command", "syntax", Command);
        foreach (CommandParameterSetInfo set in cmdlet.ParameterSets)
        {
            xml.WriteStartElement("command", "syntaxItem", Command);
            xml.WriteElementString("maml", "name", Maml, cmdlet.Name);
            foreach (CommandParameterInfo parameter in InDisplayOrder(set).Where(p => !commonParameters.Contains(p.Name)))
            {
                xml.WriteStartElement("command", "parameter", Command);
                xml.WriteAttributeString("required", Bool(parameter.IsMandatory));
                xml.WriteAttributeString("position", parameter.Position != int.MinValue ? parameter.Position.ToString(CultureInfo.InvariantCulture) : "named");
                xml.WriteElementString("maml", "name", Maml, parameter.Name);
                if (parameter.ParameterType != typeof(SwitchParameter))
                {
                    xml.WriteElementString("command", "parameterValue", Command, TypeName(parameter.ParameterType, parameter.Attributes));
                }

                xml.WriteEndElement();
            }

            xml.WriteEndElement();
        }

        xml.WriteEndElement();

        // A cmdlet nobody has bound anything to: its properties hold the parameters' defaults.
        object defaults = Activator.CreateInstance(cmdlet.ImplementingType)!;
        xml.WriteStartElement("command", "parameters", Command);
        foreach (ParameterMetadata parameter in cmdlet.Parameters.Values.Where(p => !commonParameters.Contains(p.Name)))
        {
            var property = cmdlet.ImplementingType.GetProperty(parameter.Name);
            string description;
            string? documentedDefault = null;
            if (property is null)
            {
                // -WhatIf and -Confirm: the engine's, not a property of the cmdlet.
                description = OptionalCommonParameterText.TryGetValue(parameter.Name, out var text) ? text : "";
            }
            else
            {
                members.TryGetValue($"P:{property.DeclaringType!.FullName}.{parameter.Name}", out XElement? parameterDoc);
                description = Text(parameterDoc?.Element("summary"));
                documentedDefault = DocumentedDefault(parameterDoc);
            }

            var attributes = parameter.Attributes.OfType<ParameterAttribute>().ToList();
            bool byValue = attributes.Any(a => a.ValueFromPipeline);
            bool byName = attributes.Any(a => a.ValueFromPipelineByPropertyName);
            string pipeline = byValue && byName ? "True (ByValue, ByPropertyName)" : byValue ? "True (ByValue)" : byName ? "True (ByPropertyName)" : "False";
            int? position = attributes.Where(a => a.Position >= 0).Select(a => (int?)a.Position).FirstOrDefault();
            string typeName = TypeName(parameter.ParameterType, parameter.Attributes);

            xml.WriteStartElement("command", "parameter", Command);
            xml.WriteAttributeString("required", Bool(attributes.Count > 0 && attributes.All(a => a.Mandatory)));
            xml.WriteAttributeString("position", position?.ToString(CultureInfo.InvariantCulture) ?? "named");
            xml.WriteAttributeString("pipelineInput", pipeline);
            xml.WriteAttributeString("globbing", Bool(parameter.Attributes.OfType<SupportsWildcardsAttribute>().Any()));
            xml.WriteAttributeString("aliases", parameter.Aliases.Count > 0 ? string.Join(", ", parameter.Aliases) : "none");
            xml.WriteElementString("maml", "name", Maml, parameter.Name);
            WriteParagraphs(xml, description);
            xml.WriteElementString("command", "parameterValue", Command, typeName);
            xml.WriteStartElement("dev", "type", Dev);
            xml.WriteElementString("maml", "name", Maml, (Nullable.GetUnderlyingType(parameter.ParameterType) ?? parameter.ParameterType).FullName);
            xml.WriteEndElement();
            xml.WriteElementString("dev", "defaultValue", Dev, documentedDefault ?? DefaultOf(property, defaults));
            xml.WriteEndElement();
        }

        xml.WriteEndElement();

        WriteInputs(xml, cmdlet, commonParameters);

        xml.WriteStartElement("command", "returnValues", Command);
        foreach (PSTypeName output in cmdlet.OutputType)
        {
            xml.WriteStartElement("command", "returnValue", Command);
            xml.WriteStartElement("dev", "type", Dev);
            xml.WriteElementString("maml", "name", Maml, output.Name);
            xml.WriteEndElement();
            xml.WriteEndElement();
        }

        xml.WriteEndElement();

        xml.WriteStartElement("command", "examples", Command);
        int number = 0;
        foreach (XElement example in typeDoc?.Descendants("example") ?? Enumerable.Empty<XElement>())
        {
            number++;
            string code = example.Element("code")?.Value.Trim() ?? "";
            string[] remarks = example.Elements("para").Select(Text).Where(t => t.Length > 0).ToArray();
            xml.WriteStartElement("command", "example", Command);
            xml.WriteElementString("maml", "title", Maml, $"-------------------------- Example {number} --------------------------");
            xml.WriteElementString("dev", "code", Dev, code);
            xml.WriteStartElement("dev", "remarks", Dev);
            foreach (string remark in remarks)
            {
                xml.WriteElementString("maml", "para", Maml, remark);
            }

            xml.WriteEndElement();
            xml.WriteEndElement();
        }

        xml.WriteEndElement();
        xml.WriteEndElement();
    }

    /// <summary>What Get-Help says of the two common parameters a ShouldProcess cmdlet adds (the engine's own words).</summary>
    private static readonly IReadOnlyDictionary<string, string> OptionalCommonParameterText = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["WhatIf"] = "Shows what would happen if the cmdlet runs. The cmdlet is not run.",
        ["Confirm"] = "Prompts you for confirmation before running the cmdlet.",
    };

    /// <summary>
    /// The parameters of a set in the order Get-Command -Syntax shows them (the engine's
    /// CommandParameterSetInfo.GenerateParametersInDisplayOrder): positional ones by position, then the named
    /// mandatory ones, then the other named ones, each group in declaration order.
    /// </summary>
    private static IEnumerable<CommandParameterInfo> InDisplayOrder(CommandParameterSetInfo set) =>
        set.Parameters.Where(p => p.Position != int.MinValue).OrderBy(p => p.Position)
            .Concat(set.Parameters.Where(p => p.Position == int.MinValue && p.IsMandatory))
            .Concat(set.Parameters.Where(p => p.Position == int.MinValue && !p.IsMandatory));

    /// <summary>
    /// A parameter's type as Get-Command -Syntax writes it (int, string[], securestring, ImagenJobKind; a nullable
    /// type as its underlying type), from the engine's own CommandParameterSetInfo.GetParameterTypeString, so the
    /// two can never disagree.
    /// </summary>
    private static string TypeName(Type type, IEnumerable<Attribute> attributes) =>
        (string)(ParameterTypeString.Invoke(null, new object[] { type, attributes })
            ?? throw new InvalidOperationException($"The engine named no type for {type}."));

    private static readonly MethodInfo ParameterTypeString =
        typeof(CommandParameterSetInfo).GetMethod("GetParameterTypeString", BindingFlags.NonPublic | BindingFlags.Static, null, new[] { typeof(Type), typeof(IEnumerable<Attribute>) }, null)
        ?? throw new InvalidOperationException("This System.Management.Automation has no CommandParameterSetInfo.GetParameterTypeString(Type, IEnumerable<Attribute>); the help generator needs it to write types as Get-Command -Syntax does.");

    /// <summary>
    /// The default a parameter's summary states ("Default 5, or IMAGEN_MAX_RETRIES.", "Default: beside the
    /// originals." or "(default 5)"), if any: it knows what an unset parameter falls back to, which the property's
    /// initial value often does not.
    /// </summary>
    private static string? DocumentedDefault(XElement? parameterDoc)
    {
        string summary = Text(parameterDoc?.Element("summary"));
        var match = Regex.Match(summary, @"(?:^|[.;]\s)Default(?::\s*|\s+)(?<value>.+?)(?:\.(?:\s|$)|$)");
        if (!match.Success)
        {
            match = Regex.Match(summary, @"\(default:?\s+(?<value>[^)]+)\)", RegexOptions.IgnoreCase);
        }

        return match.Success ? match.Groups["value"].Value : null;
    }

    /// <summary>
    /// A parameter's value in a cmdlet nobody has bound anything to: a switch is False, an enum or number its initial
    /// value, and nothing (null, empty, zero: the cmdlet decides later) is None.
    /// </summary>
    private static string DefaultOf(PropertyInfo? property, object cmdlet)
    {
        if (property is null)
        {
            return "False"; // -WhatIf and -Confirm: off unless given
        }

        object? value = property.GetValue(cmdlet);
        switch (value)
        {
            case SwitchParameter flag:
                return flag.IsPresent ? "True" : "False";
            case null:
            case string { Length: 0 }:
            case Array { Length: 0 }:
                return "None";
            case Array items:
                return string.Join(", ", items.Cast<object>().Select(i => Convert.ToString(i, CultureInfo.InvariantCulture)));
            case bool flag:
                return flag ? "True" : "False";
        }

        Type type = value.GetType();
        if (type.IsValueType && !type.IsEnum && value.Equals(Activator.CreateInstance(type)))
        {
            return "None";
        }

        return Convert.ToString(value, CultureInfo.InvariantCulture) ?? "None";
    }

    /// <summary>
    /// INPUTS: each type the cmdlet takes from the pipeline, with the parameters it binds to: by value (the object
    /// itself) or by property name (a property, or an alias, of that name on any piped object).
    /// </summary>
    private static void WriteInputs(XmlWriter xml, CmdletInfo cmdlet, HashSet<string> commonParameters)
    {
        var bindings = new List<(string Type, string Text)>();
        foreach (ParameterMetadata parameter in cmdlet.Parameters.Values.Where(p => !commonParameters.Contains(p.Name)))
        {
            var attributes = parameter.Attributes.OfType<ParameterAttribute>().ToList();
            Type type = Nullable.GetUnderlyingType(parameter.ParameterType) ?? parameter.ParameterType;
            if (type.IsArray)
            {
                type = type.GetElementType()!; // a string[] parameter takes strings, one or many
            }

            bool byValue = attributes.Any(a => a.ValueFromPipeline);
            bool byName = attributes.Any(a => a.ValueFromPipelineByPropertyName);
            string properties = string.Join(" or ", new[] { parameter.Name }.Concat(parameter.Aliases));
            string ways = byValue && byName ? $"the piped object itself (by value) or its {properties} property (by property name)"
                : byValue ? "the piped object itself (by value)"
                : $"the {properties} property of any piped object (by property name)";
            if (byValue || byName)
            {
                bindings.Add((type.FullName!, $"-{parameter.Name} takes {ways}."));
            }
        }

        xml.WriteStartElement("command", "inputTypes", Command);
        foreach (var group in bindings.GroupBy(b => b.Type, StringComparer.Ordinal))
        {
            xml.WriteStartElement("command", "inputType", Command);
            xml.WriteStartElement("dev", "type", Dev);
            xml.WriteElementString("maml", "name", Maml, group.Key);
            xml.WriteEndElement();
            WriteParagraphs(xml, group.Select(b => b.Text).ToArray());
            xml.WriteEndElement();
        }

        if (bindings.Count == 0)
        {
            xml.WriteStartElement("command", "inputType", Command);
            xml.WriteStartElement("dev", "type", Dev);
            xml.WriteElementString("maml", "name", Maml, "None");
            xml.WriteEndElement();
            WriteParagraphs(xml, $"{cmdlet.Name} takes nothing from the pipeline.");
            xml.WriteEndElement();
        }

        xml.WriteEndElement();
    }

    private static void WriteParagraphs(XmlWriter xml, params string[] paragraphs)
    {
        xml.WriteStartElement("maml", "description", Maml);
        foreach (string paragraph in paragraphs)
        {
            xml.WriteElementString("maml", "para", Maml, paragraph);
        }

        xml.WriteEndElement();
    }

    /// <summary>The text of a doc element, whitespace collapsed.</summary>
    private static string Text(XElement? element) => element is null ? "" : Regex.Replace(element.Value, @"\s+", " ").Trim();

    private static string Bool(bool value) => value ? "true" : "false";
}
