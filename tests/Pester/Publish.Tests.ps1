#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }

# Issue 17 point 9: a package the PowerShell Gallery takes. build.ps1 -Task Publish publishes the staged module with
# PSResourceGet to a local file repository; the package is installed from it into an empty module folder, and a new
# PowerShell that knows only that folder imports the module by name and runs a command against the emulator.

Describe 'Publishing the module with build.ps1 -Task Publish' {
    BeforeAll {
        . $PSScriptRoot/Imagen.TestHelpers.ps1
        $script:Configuration = if ($env:IMAGEN_TEST_CONFIGURATION) { $env:IMAGEN_TEST_CONFIGURATION } else { 'Release' }
        $script:NoPSResourceGet = -not (Get-Module -ListAvailable -Name Microsoft.PowerShell.PSResourceGet)
        $script:Work = Join-Path $TestDrive 'publish'
        $script:Modules = Join-Path $script:Work 'modules'
        # 'data' must exist: .NET names no LocalApplicationData folder that does not, and PSResourceGet then keeps its
        # list of repositories in the current folder.
        $null = New-Item -ItemType Directory -Path (Join-Path $script:Work 'repository'), (Join-Path $script:Work 'data'), $script:Modules
        $script:Emulator = Start-ImagenTestEmulator
    }

    AfterAll {
        Stop-ImagenTestEmulator -Emulator $script:Emulator
    }

    It 'publishes to a file repository, from which the module installs into an empty module folder' {
        if ($script:NoPSResourceGet) { Set-ItResult -Skipped -Because 'Microsoft.PowerShell.PSResourceGet is not installed in this PowerShell'; return }
        # In a PowerShell of its own, so the repository it registers (and unregisters) is that process's business;
        # on Linux its list of repositories lives in this test's folder (XDG_DATA_HOME).
        $script = Join-Path $script:Work 'publish.ps1'
        Set-Content -LiteralPath $script -Encoding UTF8 -Value @'
param($BuildScript, $Configuration, $Work, $Modules)
$ErrorActionPreference = 'Stop'
Set-Location -LiteralPath $Work
$name = 'ImagenTest' + [guid]::NewGuid().ToString('N').Substring(0, 8)
Register-PSResourceRepository -Name $name -Uri (Join-Path $Work 'repository') -Trusted
try {
    & $BuildScript -Task Stage, Publish -Repository $name -Configuration $Configuration -OutputPath (Join-Path $Work 'out')
    Save-PSResource -Name Imagen -Repository $name -Path $Modules -TrustRepository
}
finally {
    Unregister-PSResourceRepository -Name $name
}
'@
        $run = Invoke-ImagenScheduledScript -ScriptPath $script -TimeoutSec 300 -Environment @{ XDG_DATA_HOME = (Join-Path $script:Work 'data') } -ArgumentList @(
            (Join-Path $script:RepositoryRoot 'build.ps1'), $script:Configuration, $script:Work, $script:Modules)

        $run.ExitCode | Should -Be 0 -Because ($run.Errors + $run.Output)
        $run.Output | Should -Match 'Published Imagen'
        @(Get-ChildItem -LiteralPath (Join-Path $script:Work 'repository') -Filter 'Imagen.*.nupkg') | Should -HaveCount 1
        $installed = Get-ChildItem -LiteralPath (Join-Path $script:Modules 'Imagen') -Directory
        $installed.Name | Should -Be (Test-ModuleManifest -Path (Join-Path $script:RepositoryRoot 'Imagen.psd1')).Version.ToString()
        foreach ($file in 'Imagen.psd1', 'Imagen.psm1', 'Imagen.Format.ps1xml', 'LICENSE', 'CHANGELOG.md', 'en-US/about_Imagen.help.txt',
            'lib/net8.0/Imagen.PowerShell.dll', 'lib/net8.0/Imagen.PowerShell.dll-Help.xml', 'lib/net472/Imagen.PowerShell.dll') {
            Join-Path $installed.FullName $file | Should -Exist
        }
    }

    It 'installs a module that a new PowerShell imports by name and uses against the emulator' {
        if ($script:NoPSResourceGet) { Set-ItResult -Skipped -Because 'Microsoft.PowerShell.PSResourceGet is not installed in this PowerShell'; return }
        # The engine's own modules, and the folder the package was installed into: nothing else named Imagen.
        $script = Join-Path $script:Work 'use.ps1'
        Set-Content -LiteralPath $script -Encoding UTF8 -Value @'
param($Modules)
$ErrorActionPreference = 'Stop'
$env:PSModulePath = $Modules + [IO.Path]::PathSeparator + (Join-Path $PSHOME 'Modules')
Import-Module -Name Imagen
'module: ' + (Get-Module Imagen).ModuleBase
'profiles: ' + @(Get-ImagenProfile).Count
'@
        $run = Invoke-ImagenScheduledScript -ScriptPath $script -ArgumentList $script:Modules -Environment @{
            IMAGEN_API_KEY = $script:Emulator.ApiKeyText
            IMAGEN_BASE_URL = $script:Emulator.BaseUrl
            IMAGEN_RUN_PATH = Join-Path $script:Work 'runs'
        }

        $run.ExitCode | Should -Be 0 -Because ($run.Errors + $run.Output)
        $run.Output | Should -Match ([regex]::Escape('module: ' + (Join-Path $script:Modules 'Imagen')))
        $run.Output | Should -Match 'profiles: [1-9]'
    }

    It 'puts a manifest in the package that passes Test-ModuleManifest and has what the Gallery requires' {
        if ($script:NoPSResourceGet) { Set-ItResult -Skipped -Because 'Microsoft.PowerShell.PSResourceGet is not installed in this PowerShell'; return }
        $manifest = Test-ModuleManifest -Path (Get-ChildItem -LiteralPath (Join-Path $script:Modules 'Imagen') -Filter Imagen.psd1 -Recurse | Select-Object -First 1).FullName -ErrorAction Stop
        $manifest.Author | Should -Not -BeNullOrEmpty
        $manifest.Description | Should -Not -BeNullOrEmpty
        $manifest.Description.Length | Should -BeLessOrEqual 4000
        $manifest.PrivateData.PSData.ReleaseNotes | Should -Not -BeNullOrEmpty
        foreach ($tag in $manifest.PrivateData.PSData.Tags) { $tag | Should -Not -Match '\s' -Because 'Gallery tags have no spaces' }
        $manifest.ExportedCmdlets.Count | Should -BeGreaterThan 0
    }
}
