using System;
using System.IO;
using System.Linq;

namespace Imagen.HelpGenerator;

/// <summary>
/// Usage: Imagen.HelpGenerator &lt;Imagen.PowerShell.dll (net8.0)&gt; &lt;Imagen.PowerShell.xml&gt; &lt;output file&gt;...
/// Writes the same MAML help to every output file (the net472 and net8.0 builds share their cmdlets' help).
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length < 3)
        {
            Console.Error.WriteLine("Usage: Imagen.HelpGenerator <Imagen.PowerShell.dll> <Imagen.PowerShell.xml> <output file>...");
            return 2;
        }

        try
        {
            byte[] maml = MamlHelpWriter.Write(args[0], args[1]);
            foreach (string output in args.Skip(2))
            {
                Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
                File.WriteAllBytes(output, maml);
            }

            return 0;
        }
        catch (Exception error)
        {
            // MSBuild shows "error:" lines as build errors.
            Console.Error.WriteLine($"error: cmdlet help not written: {error.Message}");
            return 1;
        }
    }
}
