using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;

namespace Imagen.HelpGenerator;

/// <summary>
/// Writes MAML (what Get-Help reads) for every cmdlet of a binary module. Syntax and parameter attributes come from
/// the cmdlets as PowerShell itself sees them (the module imported into a runspace); words come from the XML
/// documentation comments: &lt;para type="synopsis"&gt;, &lt;para type="description"&gt;, each
/// &lt;example&gt;&lt;code&gt; with its &lt;para&gt; sentences, and each parameter property's &lt;summary&gt;.
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
        var common = new HashSet<string>(Cmdlet.CommonParameters.Concat(Cmdlet.OptionalCommonParameters), StringComparer.OrdinalIgnoreCase);

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
                WriteCommand(xml, cmdlet, members, common);
            }

            xml.WriteEndElement();
        }

        return buffer.ToArray();
    }

    private static void WriteCommand(XmlWriter xml, CmdletInfo cmdlet, IReadOnlyDictionary<string, XElement> members, HashSet<string> common)
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

        xml.WriteStartElement("command", "syntax", Command);
        foreach (CommandParameterSetInfo set in cmdlet.ParameterSets)
        {
            xml.WriteStartElement("command", "syntaxItem", Command);
            xml.WriteElementString("maml", "name", Maml, cmdlet.Name);
            foreach (CommandParameterInfo parameter in set.Parameters.Where(p => !common.Contains(p.Name)))
            {
                xml.WriteStartElement("command", "parameter", Command);
                xml.WriteAttributeString("required", Bool(parameter.IsMandatory));
                xml.WriteAttributeString("position", parameter.Position >= 0 ? parameter.Position.ToString() : "named");
                xml.WriteElementString("maml", "name", Maml, parameter.Name);
                if (parameter.ParameterType != typeof(SwitchParameter))
                {
                    xml.WriteElementString("command", "parameterValue", Command, parameter.ParameterType.Name);
                }

                xml.WriteEndElement();
            }

            xml.WriteEndElement();
        }

        xml.WriteEndElement();

        xml.WriteStartElement("command", "parameters", Command);
        foreach (ParameterMetadata parameter in cmdlet.Parameters.Values.Where(p => !common.Contains(p.Name)))
        {
            string declaringType = cmdlet.ImplementingType.GetProperty(parameter.Name)!.DeclaringType!.FullName!;
            members.TryGetValue($"P:{declaringType}.{parameter.Name}", out XElement? parameterDoc);
            string description = Text(parameterDoc?.Element("summary"));

            var attributes = parameter.Attributes.OfType<ParameterAttribute>().ToList();
            bool byValue = attributes.Any(a => a.ValueFromPipeline);
            bool byName = attributes.Any(a => a.ValueFromPipelineByPropertyName);
            string pipeline = byValue && byName ? "True (ByValue, ByPropertyName)" : byValue ? "True (ByValue)" : byName ? "True (ByPropertyName)" : "False";
            int? position = attributes.Where(a => a.Position >= 0).Select(a => (int?)a.Position).FirstOrDefault();

            xml.WriteStartElement("command", "parameter", Command);
            xml.WriteAttributeString("required", Bool(attributes.All(a => a.Mandatory)));
            xml.WriteAttributeString("position", position?.ToString() ?? "named");
            xml.WriteAttributeString("pipelineInput", pipeline);
            xml.WriteAttributeString("globbing", Bool(parameter.Attributes.OfType<SupportsWildcardsAttribute>().Any()));
            xml.WriteAttributeString("aliases", parameter.Aliases.Count > 0 ? string.Join(", ", parameter.Aliases) : "none");
            xml.WriteElementString("maml", "name", Maml, parameter.Name);
            WriteParagraphs(xml, description);
            xml.WriteElementString("command", "parameterValue", Command, parameter.ParameterType.Name);
            xml.WriteStartElement("dev", "type", Dev);
            xml.WriteElementString("maml", "name", Maml, parameter.ParameterType.FullName);
            xml.WriteEndElement();
            xml.WriteEndElement();
        }

        xml.WriteEndElement();

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
