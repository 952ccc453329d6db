using System.Globalization;
using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace Imagen.Emulator.Artifacts;

/// <summary>
/// Builds the Adobe XMP packet Lightroom reads: develop settings in the Camera Raw namespace (crs:), written the way
/// Lightroom writes them (signed numbers, Process Version 2012 names, HasSettings="True").
/// </summary>
internal static class XmpPacket
{
    public static readonly XNamespace Rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
    public static readonly XNamespace Meta = "adobe:ns:meta/";
    public static readonly XNamespace CameraRaw = "http://ns.adobe.com/camera-raw-settings/1.0/";
    public static readonly XNamespace Xmp = "http://ns.adobe.com/xap/1.0/";
    public static readonly XNamespace Imagen = "http://ns.imagen-ai.com/emulator/1.0/";

    /// <summary>The packet wrapper's fixed id, from the XMP specification.</summary>
    private const string PacketId = "W5M0MpCehiHzreSzNTczkc9d";

    /// <param name="rawFileName">The original's name, recorded in sidecars as crs:RawFileName.</param>
    /// <param name="padding">Whitespace left for in-place editing; customary (about 2 KB) when embedded in a file.</param>
    public static byte[] Build(DevelopSettings settings, ProfileStyle style, string? rawFileName, int padding = 0)
    {
        var description = new XElement(Rdf + "Description",
            new XAttribute(Rdf + "about", ""),
            new XAttribute(XNamespace.Xmlns + "xmp", Xmp),
            new XAttribute(XNamespace.Xmlns + "crs", CameraRaw),
            new XAttribute(XNamespace.Xmlns + "imagen", Imagen),
            new XAttribute(Xmp + "CreatorTool", "Imagen AI (local emulator)"),
            new XAttribute(Imagen + "ProfileKey", style.ProfileKey.ToString(CultureInfo.InvariantCulture)),
            new XAttribute(Imagen + "ProfileName", style.ProfileName));

        foreach (var (name, value) in CameraRawSettings(settings, rawFileName))
            description.Add(new XAttribute(CameraRaw + name, value));
        description.Add(new XElement(CameraRaw + "ToneCurvePV2012",
            new XElement(Rdf + "Seq", new XElement(Rdf + "li", "0, 0"), new XElement(Rdf + "li", "255, 255"))));

        var meta = new XElement(Meta + "xmpmeta",
            new XAttribute(XNamespace.Xmlns + "x", Meta),
            new XAttribute(Meta + "xmptk", "Adobe XMP Core 7.0-c000 (Imagen emulator)"),
            new XElement(Rdf + "RDF", new XAttribute(XNamespace.Xmlns + "rdf", Rdf), description));

        var text = new StringBuilder();
        text.Append("<?xpacket begin=\"\uFEFF\" id=\"").Append(PacketId).Append("\"?>\n");
        using (var writer = XmlWriter.Create(text, new XmlWriterSettings
               {
                   OmitXmlDeclaration = true,
                   Indent = true,
                   IndentChars = " ",
                   NewLineChars = "\n",
                   NewLineOnAttributes = true,
                   ConformanceLevel = ConformanceLevel.Fragment,
               }))
        {
            meta.WriteTo(writer);
        }
        text.Append('\n');
        for (int written = 0; written < padding; written += 100)
            text.Append(' ', Math.Min(99, padding - written)).Append('\n');
        text.Append("<?xpacket end=\"w\"?>");
        return new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(text.ToString());
    }

    private static IEnumerable<(string Name, string Value)> CameraRawSettings(DevelopSettings s, string? rawFileName)
    {
        yield return ("Version", "16.0");
        yield return ("ProcessVersion", "11.0");
        if (rawFileName is not null) yield return ("RawFileName", rawFileName);
        yield return ("WhiteBalance", "Custom");
        if (s.IsRaw)
        {
            yield return ("Temperature", s.Temperature.ToString(CultureInfo.InvariantCulture));
            yield return ("Tint", Signed(s.Tint));
        }
        else
        {
            yield return ("IncrementalTemperature", Signed(s.IncrementalTemperature));
            yield return ("IncrementalTint", Signed(s.IncrementalTint));
        }
        yield return ("Exposure2012", s.Exposure.ToString("+0.00;-0.00;0.00", CultureInfo.InvariantCulture));
        yield return ("Contrast2012", Signed(s.Contrast));
        yield return ("Highlights2012", Signed(s.Highlights));
        yield return ("Shadows2012", Signed(s.Shadows));
        yield return ("Whites2012", Signed(s.Whites));
        yield return ("Blacks2012", Signed(s.Blacks));
        yield return ("Texture", Signed(s.Texture));
        yield return ("Clarity2012", Signed(s.Clarity));
        yield return ("Dehaze", Signed(s.Dehaze));
        yield return ("Vibrance", Signed(s.Vibrance));
        yield return ("Saturation", Signed(s.Saturation));
        yield return ("Sharpness", s.Sharpness.ToString(CultureInfo.InvariantCulture));
        yield return ("PostCropVignetteAmount", Signed(s.Vignette));
        yield return ("ConvertToGrayscale", s.Grayscale ? "True" : "False");
        yield return ("ToneCurveName2012", "Linear");
        yield return ("LensProfileEnable", "1");
        yield return ("AutoLateralCA", "1");
        yield return ("HasSettings", "True");
        yield return ("HasCrop", "False");
        yield return ("AlreadyApplied", "False");
    }

    private static string Signed(int value) => value.ToString("+0;-0;0", CultureInfo.InvariantCulture);
}
