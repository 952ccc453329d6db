using System.Management.Automation;
using System.Management.Automation.Runspaces;
namespace Imagen.PowerShell.Tests;
public class Smoke {
  [Xunit.Fact] public void EngineRuns() {
    var iss = InitialSessionState.CreateDefault2();
    using var rs = RunspaceFactory.CreateRunspace(iss); rs.Open();
    using var ps = System.Management.Automation.PowerShell.Create(); ps.Runspace = rs;
    ps.AddScript("$PSVersionTable.PSVersion.ToString() + ' ' + $PSEdition + ' ' + (Get-Command Where-Object).Source + ' ' + [System.Text.Json.JsonSerializer].Assembly.GetName().Version");
    var r = ps.Invoke();
    Xunit.Assert.Empty(ps.Streams.Error);
    System.IO.File.WriteAllText("/tmp/pssmoke.txt", r[0].ToString());
  }
}
