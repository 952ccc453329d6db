#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }

Describe 'Connecting to Imagen' {
    BeforeAll {
        . $PSScriptRoot/Imagen.TestHelpers.ps1
        Import-ImagenModuleUnderTest
        $script:Emulator = Start-ImagenTestEmulator
        $script:SavedKey = $env:IMAGEN_API_KEY
        $script:SavedUrl = $env:IMAGEN_BASE_URL
    }

    AfterAll {
        Disconnect-Imagen
        $env:IMAGEN_API_KEY = $script:SavedKey
        $env:IMAGEN_BASE_URL = $script:SavedUrl
        Stop-ImagenTestEmulator -Emulator $script:Emulator
    }

    BeforeEach {
        Disconnect-Imagen
        Remove-Item -Path Env:IMAGEN_API_KEY, Env:IMAGEN_BASE_URL -ErrorAction Ignore
    }

    It 'stops with one error naming the three ways to give a key when there is none' {
        { Get-ImagenProfile } | Should -Throw -ErrorId 'ImagenApiKeyMissing,Imagen.PowerShell.Cmdlets.GetImagenProfileCommand'
        try { Get-ImagenProfile } catch { $message = $_.Exception.Message }
        $message | Should -Match 'Connect-Imagen'
        $message | Should -Match '-ApiKey'
        $message | Should -Match 'IMAGEN_API_KEY'
    }

    It 'connects for the session and never shows the key' {
        $connection = Connect-Imagen -ApiKey $script:Emulator.ApiKey -BaseUrl $script:Emulator.BaseUrl -PassThru
        $connection.ApiKeySource | Should -Be 'Session'
        $connection.ProfileCount | Should -BeGreaterThan 0
        (Get-ImagenConnection | Out-String) | Should -Not -Match $script:Emulator.ApiKeyText
        (Get-ImagenProfile -ProfileKey 5700).ProfileName | Should -Be 'CLEAN & CRISP'
    }

    It 'refuses a key the API rejects with one terminating authentication error' {
        $bad = [System.Security.SecureString]::new()
        'not-the-key'.ToCharArray() | ForEach-Object { $bad.AppendChar($_) }
        { Connect-Imagen -ApiKey $bad -BaseUrl $script:Emulator.BaseUrl } |
            Should -Throw -ErrorId 'ImagenAuthenticationFailed,Imagen.PowerShell.Cmdlets.ConnectImagenCommand'
        (Get-ImagenConnection).ApiKeySource | Should -Be 'None'
    }

    It 'uses IMAGEN_API_KEY and IMAGEN_BASE_URL for scheduled tasks' {
        $env:IMAGEN_API_KEY = $script:Emulator.ApiKeyText
        $env:IMAGEN_BASE_URL = $script:Emulator.BaseUrl
        (Get-ImagenProfile -ProfileKey 5700).ProfileKey | Should -Be 5700
        (Get-ImagenConnection).ApiKeySource | Should -Be 'Environment'
    }

    It 'refuses plain http to a host that is not loopback: <Url>' -ForEach @(
        @{ Url = 'http://example.com/v1' }
        @{ Url = 'http://192.168.1.20:5080/v1' }
    ) {
        { Get-ImagenProfile -ApiKey $script:Emulator.ApiKey -BaseUrl $Url } |
            Should -Throw -ErrorId 'ImagenInvalidBaseUrl,Imagen.PowerShell.Cmdlets.GetImagenProfileCommand'
    }

    It 'keeps the key out of every stream with -Verbose and -Debug' {
        $DebugPreference = 'Continue'
        $all = & {
            Connect-Imagen -ApiKey $script:Emulator.ApiKey -BaseUrl $script:Emulator.BaseUrl -PassThru -Verbose
            Get-ImagenProfile -Verbose -Debug
            Get-ImagenProfile -ProfileKey 1 -Verbose -Debug
        } *>&1 | Out-String
        $all | Should -Not -Match $script:Emulator.ApiKeyText
        $all | Should -Match 'GET'
    }

    It 'shows the settings in force and where each comes from (issue 17 point 1)' {
        $env:IMAGEN_MAX_RETRIES = '0'
        try {
            Connect-Imagen -ApiKey $script:Emulator.ApiKey -BaseUrl $script:Emulator.BaseUrl -MaximumBandwidth 40
            $shown = Get-ImagenConnection | Out-String -Width 80
            $shown | Should -Match 'MaximumBandwidth = 40 \(Session\)'
            $shown | Should -Match 'MaxRetryCount = 0 \(Environment\)'
            $shown | Should -Match 'ThrottleLimit = automatic \(Default\)'
            ((Get-ImagenConnection).Settings | Out-String -Width 80) -split '\r?\n' | Where-Object Length -gt 80 | Should -BeNullOrEmpty
        }
        finally {
            Remove-Item Env:IMAGEN_MAX_RETRIES -ErrorAction Ignore
        }
    }

    It 'makes one attempt with IMAGEN_MAX_RETRIES=0 in a scheduled task (issue 17 point 1)' {
        $failing = Start-ImagenTestEmulator -ArgumentList '--fault', 'route=profiles,kind=503,retryAfter=0'
        try {
            $script = Join-Path $TestDrive 'profiles.ps1'
            Set-Content -LiteralPath $script -Value @(
                "Import-Module '$((Join-Path (Get-Module Imagen).ModuleBase 'Imagen.psd1') -replace "'", "''")'"
                'try { Get-ImagenProfile; exit 0 } catch { "FAILED: $_"; exit 1 }'
            )
            $run = Invoke-ImagenScheduledScript -ScriptPath $script -Environment @{
                IMAGEN_API_KEY = $failing.ApiKeyText; IMAGEN_BASE_URL = $failing.BaseUrl; IMAGEN_MAX_RETRIES = '0'
            }
            $run.ExitCode | Should -Be 1
            $run.Output | Should -Match '503'
            $journal = Invoke-RestMethod -Uri ($failing.BaseUrl -replace '/v1$', '/admin/journal')
            @($journal.entries | Where-Object route -eq 'profiles').Count | Should -Be 1
        }
        finally {
            Stop-ImagenTestEmulator -Emulator $failing
        }
    }
}
