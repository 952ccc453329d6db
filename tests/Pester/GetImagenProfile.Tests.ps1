#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }

Describe 'Get-ImagenProfile' {
    BeforeAll {
        . $PSScriptRoot/Imagen.TestHelpers.ps1
        Import-ImagenModuleUnderTest
        $script:Emulator = Start-ImagenTestEmulator
        Connect-Imagen -ApiKey $script:Emulator.ApiKey -BaseUrl $script:Emulator.BaseUrl
    }

    AfterAll {
        Disconnect-Imagen
        Stop-ImagenTestEmulator -Emulator $script:Emulator
    }

    It 'filters with Where-Object ImageType -eq RAW' {
        $raw = Get-ImagenProfile | Where-Object ImageType -eq RAW
        $raw.Count | Should -BeGreaterOrEqual 2
        $raw.ImageType | Sort-Object -Unique | Should -Be 'RAW'
        $raw.ProfileKey | Should -Contain 5700
    }

    It 'returns typed objects with the four properties' {
        $profile = Get-ImagenProfile -ProfileKey 5700
        $profile | Should -BeOfType ([Imagen.Core.ImagenProfile])
        $profile.ProfileName | Should -Be 'CLEAN & CRISP'
        $profile.ImageType | Should -Be 'RAW'
        $profile.ProfileType | Should -Be 'Talent'
    }

    It 'writes a non-terminating ObjectNotFound error for an unknown key' {
        $found = Get-ImagenProfile -ProfileKey 5700, 999 -ErrorVariable problems -ErrorAction SilentlyContinue
        $found.ProfileKey | Should -Be 5700
        $problems.Count | Should -Be 1
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'ImagenProfileNotFound,*'
        $problems[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $problems[0].TargetObject | Should -Be 999
    }

    It 'matches -Name wildcards case-insensitively' {
        (Get-ImagenProfile -Name '*true*').ProfileKey | Sort-Object | Should -Be @(21427, 21428)
    }

    It 'completes -ProfileKey with profile names' {
        $line = 'Get-ImagenProfile -ProfileKey '
        $completion = TabExpansion2 -inputScript $line -cursorColumn $line.Length
        $match = $completion.CompletionMatches | Where-Object CompletionText -eq '5700'
        $match.ListItemText | Should -Match 'CLEAN & CRISP'
    }

    It 'has a default table view' {
        (Get-FormatData -TypeName Imagen.Core.ImagenProfile).FormatViewDefinition[0].Control |
            Should -BeOfType ([System.Management.Automation.TableControl])
    }

    It 'accepts every response envelope: <Envelope>' -ForEach @(
        @{ Envelope = 'data' }, @{ Envelope = 'bare' }, @{ Envelope = 'list' }
    ) {
        $other = Start-ImagenTestEmulator -ArgumentList '--envelope', $Envelope
        try {
            (Get-ImagenProfile -ApiKey $other.ApiKey -BaseUrl $other.BaseUrl).Count | Should -Be (Get-ImagenProfile).Count
        }
        finally {
            Stop-ImagenTestEmulator -Emulator $other
        }
    }

    It 'maps a bad key to one terminating authentication error in the <Dialect> dialect' -ForEach @(
        @{ Dialect = 'detail' }, @{ Dialect = 'error' }, @{ Dialect = 'combined' }
    ) {
        $other = Start-ImagenTestEmulator -ArgumentList '--error-dialect', $Dialect
        try {
            $bad = [System.Security.SecureString]::new()
            'wrong'.ToCharArray() | ForEach-Object { $bad.AppendChar($_) }
            { Get-ImagenProfile -ApiKey $bad -BaseUrl $other.BaseUrl } |
                Should -Throw -ErrorId 'ImagenAuthenticationFailed,Imagen.PowerShell.Cmdlets.GetImagenProfileCommand'
        }
        finally {
            Stop-ImagenTestEmulator -Emulator $other
        }
    }
}
