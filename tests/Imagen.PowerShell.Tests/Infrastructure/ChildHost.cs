using System;
using System.IO;
using System.Management.Automation;
using System.Management.Automation.Runspaces;

namespace Imagen.PowerShell.Tests.Infrastructure;

/// <summary>
/// Entry point of the test assembly when run as a program (`dotnet Imagen.PowerShell.Tests.dll script.ps1`): runs
/// one script in a fresh process and PowerShell engine, printing output to stdout and errors to stderr. Tests use it
/// where a clean process matters, such as loading a staged copy of the module beside the development build.
/// </summary>
public static class ChildHost
{
    public static int Main(string[] args)
    {
        if (args.Length != 1 || !File.Exists(args[0]))
        {
            Console.Error.WriteLine("usage: Imagen.PowerShell.Tests <script.ps1>");
            return 2;
        }

        using var runspace = RunspaceFactory.CreateRunspace(InitialSessionState.CreateDefault2());
        runspace.Open();
        using var shell = System.Management.Automation.PowerShell.Create();
        shell.Runspace = runspace;
        shell.AddScript(File.ReadAllText(args[0]));
        try
        {
            foreach (var item in shell.Invoke())
            {
                Console.WriteLine(item);
            }
        }
        catch (RuntimeException error)
        {
            Console.Error.WriteLine(error.ErrorRecord.FullyQualifiedErrorId + ": " + error.Message);
            return 1;
        }

        foreach (var error in shell.Streams.Error)
        {
            Console.Error.WriteLine(error.FullyQualifiedErrorId + ": " + error);
        }

        return shell.Streams.Error.Count == 0 ? 0 : 1;
    }
}
