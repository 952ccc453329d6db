<#
.SYNOPSIS
    Runs every tests/Pester/*.Tests.ps1 with the given Pester and writes the results as NUnit XML; the exit code is
    the number of failed tests (0 when all pass). build.ps1 -Task Test starts it in a fresh pwsh (or Windows
    PowerShell), so the tests run in a real shell, not in the engine hosted by xUnit.
#>
param(
    [Parameter(Mandatory)] [string] $PesterPath,
    # The module the tests import (Imagen.TestHelpers.ps1 reads IMAGEN_TEST_MODULE).
    [Parameter(Mandatory)] [string] $ModulePath,
    [string] $Configuration = 'Release',
    [Parameter(Mandatory)] [string] $ResultsFile
)

# No $ErrorActionPreference = 'Stop' here: the tests run in this scope's children and check non-terminating errors.
Import-Module -Name $PesterPath -Force -ErrorAction Stop
$env:IMAGEN_TEST_MODULE = $ModulePath
$env:IMAGEN_TEST_CONFIGURATION = $Configuration

$pesterConfiguration = New-PesterConfiguration
$pesterConfiguration.Run.Path = $PSScriptRoot
$pesterConfiguration.Run.PassThru = $true
$pesterConfiguration.Output.Verbosity = 'Detailed'
$pesterConfiguration.TestResult.Enabled = $true
$pesterConfiguration.TestResult.OutputFormat = 'NUnitXml'
$pesterConfiguration.TestResult.OutputPath = $ResultsFile
$result = Invoke-Pester -Configuration $pesterConfiguration

"Pester: $($result.PassedCount) passed, $($result.FailedCount) failed, $($result.SkippedCount) skipped."
# A failure outside any test (a broken BeforeAll, a file that does not parse) counts too.
exit ($result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount)
