#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }

# A photographer's nightly job, run as a scheduled task runs it: `pwsh -NonInteractive -File nightly.ps1`, the key in
# IMAGEN_API_KEY. The task scheduler (or cron) only sees the exit code, so success must exit 0 and every failure must
# exit non-zero, fast, without prompting.

Describe 'A scheduled-task script' {
    BeforeEach { Use-ImagenTestRunStore }

    BeforeAll {
        . $PSScriptRoot/Imagen.TestHelpers.ps1
        Import-ImagenModuleUnderTest
        $script:Emulator = Start-ImagenTestEmulator
        $script:Manifest = Join-Path (Get-Module Imagen).ModuleBase 'Imagen.psd1'

        $script:Nightly = Join-Path $TestDrive 'nightly.ps1'
        Set-Content -LiteralPath $script:Nightly -Value @'
param([Parameter(Mandatory)] [string] $Manifest, [Parameter(Mandatory)] [string] $Shoot, [int] $ProfileKey = 5700)
$ErrorActionPreference = 'Stop'
Import-Module $Manifest
# The emulator edits in moments: check every 0.2 s instead of the production 5 s.
$PSDefaultParameterValues['*-Imagen*:PollingIntervalSec'] = 0.2
Get-ChildItem -LiteralPath $Shoot -File | Invoke-ImagenEdit -ProfileKey $ProfileKey | Save-ImagenResult
'nightly edit done'
'@

        function New-Shoot {
            param([string] $Name)
            $folder = Join-Path $TestDrive $Name
            & dotnet (Get-ImagenEmulatorAssembly) --generate-samples $folder --count 2 --kind raw --seed 3 | Out-Null
            if ($LASTEXITCODE -ne 0) { throw "Could not generate the sample shoot $Name." }
            $folder
        }

        $script:KeyEnvironment = @{ IMAGEN_API_KEY = $script:Emulator.ApiKeyText; IMAGEN_BASE_URL = $script:Emulator.BaseUrl }
    }

    AfterAll {
        Stop-ImagenTestEmulator -Emulator $script:Emulator
    }

    It 'exits 0 after editing and saving the shoot' {
        $shoot = New-Shoot -Name 'Nightly'

        $run = Invoke-ImagenScheduledScript -ScriptPath $script:Nightly -ArgumentList '-Manifest', $script:Manifest, '-Shoot', $shoot -Environment $script:KeyEnvironment

        $run.ExitCode | Should -Be 0 -Because $run.Errors
        $run.Output | Should -Match 'nightly edit done'
        Get-ChildItem -LiteralPath $shoot -Filter '*.xmp' | Should -HaveCount @(Get-ChildItem -LiteralPath $shoot -File | Where-Object Extension -in '.cr2', '.nef').Count
        $run.Output + $run.Errors | Should -Not -Match $script:Emulator.ApiKeyText
    }

    It 'exits non-zero, naming the profile, when the profile key is unknown' {
        $shoot = New-Shoot -Name 'UnknownProfile'

        $run = Invoke-ImagenScheduledScript -ScriptPath $script:Nightly -ArgumentList '-Manifest', $script:Manifest, '-Shoot', $shoot, '-ProfileKey', '999999' -Environment $script:KeyEnvironment

        $run.ExitCode | Should -Not -Be 0
        $run.Errors | Should -Match '999999'
        $run.Output | Should -Not -Match 'nightly edit done'
        Get-ChildItem -LiteralPath $shoot -Filter '*.xmp' | Should -BeNullOrEmpty
    }

    It 'exits non-zero without prompting when no API key is set' {
        $shoot = New-Shoot -Name 'NoKey'

        $run = Invoke-ImagenScheduledScript -ScriptPath $script:Nightly -ArgumentList '-Manifest', $script:Manifest, '-Shoot', $shoot -TimeoutSec 60

        $run.ExitCode | Should -Not -Be 0
        $run.Errors | Should -Match 'IMAGEN_API_KEY'
        $run.Output | Should -Not -Match 'nightly edit done'
    }

    It 'exits non-zero when a file of the shoot fails its check' {
        $shoot = New-Shoot -Name 'BrokenFile'
        New-TestPhoto -Path (Join-Path $shoot 'IMG_9999.cr2') -Format Jpeg | Out-Null

        $run = Invoke-ImagenScheduledScript -ScriptPath $script:Nightly -ArgumentList '-Manifest', $script:Manifest, '-Shoot', $shoot -Environment $script:KeyEnvironment

        $run.ExitCode | Should -Not -Be 0
        $run.Errors | Should -Match 'IMG_9999.cr2'
        $run.Output | Should -Not -Match 'nightly edit done'
    }
}
