using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Management.Automation.Runspaces;
using System.Security;

namespace Imagen.PowerShell.Tests.Infrastructure;

/// <summary>
/// A PowerShell session in the real engine that has imported ./Imagen.psd1 from the repository root, exactly as a
/// user would after `dotnet build`. Each test gets its own session, so Connect-Imagen never leaks between tests.
/// Without a <see cref="PSHost"/> the engine has no host UI; give one (e.g. <see cref="CapturingHost"/>) to see what a
/// command writes to the host instead of the streams.
/// </summary>
public sealed class PowerShellSession : IDisposable
{
    private readonly Runspace _runspace;

    public PowerShellSession(bool importModule = true, PSHost? host = null)
    {
        _runspace = host is null
            ? RunspaceFactory.CreateRunspace(InitialSessionState.CreateDefault2())
            : RunspaceFactory.CreateRunspace(host, InitialSessionState.CreateDefault2());
        _runspace.Open();
        if (importModule)
        {
            var import = Invoke("Import-Module -Name $manifest -ErrorAction Stop", new Dictionary<string, object?> { ["manifest"] = RepositoryRoot.ManifestPath });
            if (import.Terminating is not null || import.Errors.Count > 0)
            {
                throw new InvalidOperationException("Import-Module ./Imagen.psd1 failed: " + import);
            }
        }
    }

    public Runspace Runspace => _runspace;

    /// <summary>Runs a script with optional variables; never throws for script errors (they are in the result).</summary>
    public PowerShellResult Invoke(string script, IDictionary<string, object?>? variables = null)
    {
        using var shell = System.Management.Automation.PowerShell.Create();
        shell.Runspace = _runspace;
        if (variables is not null)
        {
            foreach (var (name, value) in variables)
            {
                _runspace.SessionStateProxy.SetVariable(name, value);
            }
        }

        shell.AddScript(script);
        IReadOnlyList<PSObject> output = Array.Empty<PSObject>();
        ErrorRecord? terminating = null;
        try
        {
            output = shell.Invoke();
        }
        catch (RuntimeException error)
        {
            terminating = error.ErrorRecord;
        }

        return new PowerShellResult
        {
            Output = output,
            Errors = shell.Streams.Error.ReadAll(),
            Verbose = shell.Streams.Verbose.ReadAll(),
            Debug = shell.Streams.Debug.ReadAll(),
            Warning = shell.Streams.Warning.ReadAll(),
            Information = shell.Streams.Information.ReadAll(),
            Progress = shell.Streams.Progress.ReadAll(),
            Terminating = terminating,
        };
    }

    /// <summary>A SecureString as PowerShell users make one (the hosted engine has no ConvertTo-SecureString).</summary>
    public static SecureString Secure(string text)
    {
        var secure = new SecureString();
        foreach (var character in text)
        {
            secure.AppendChar(character);
        }

        secure.MakeReadOnly();
        return secure;
    }

    public void Dispose() => _runspace.Dispose();
}
