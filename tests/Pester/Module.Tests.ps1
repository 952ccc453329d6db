#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }

Describe 'The Imagen module' {
    BeforeAll {
        . $PSScriptRoot/Imagen.TestHelpers.ps1
        Import-ImagenModuleUnderTest
        $script:Manifest = Test-ModuleManifest -Path (Get-Module Imagen).Path.Replace('.psm1', '.psd1') -ErrorAction Stop
    }

    It 'declares both editions and PowerShell 5.1' {
        $script:Manifest.CompatiblePSEditions | Should -Be @('Desktop', 'Core')
        $script:Manifest.PowerShellVersion | Should -Be ([version]'5.1')
    }

    It 'exports exactly the cmdlets its manifest lists' {
        $exported = (Get-Module Imagen).ExportedCmdlets.Keys | Sort-Object
        $exported | Should -Be ($script:Manifest.ExportedCmdlets.Keys | Sort-Object)
        (Get-Module Imagen).ExportedFunctions.Count | Should -Be 0
    }

    It 'loads the build for this edition' {
        $framework = if ($PSEdition -eq 'Core') { 'net8.0' } else { 'net472' }
        (Get-Module Imagen).NestedModules[0].Path | Should -Match ([regex]::Escape($framework))
    }

    It 'has gallery metadata, without invented web addresses' {
        $script:Manifest.PrivateData.PSData.Tags | Should -Contain 'Imagen'
        $script:Manifest.PrivateData.PSData.ProjectUri | Should -BeNullOrEmpty -Because 'the project has no public repository'
        $script:Manifest.PrivateData.PSData.LicenseUri | Should -BeNullOrEmpty -Because 'the LICENSE file ships in the module instead'
    }

    It 'takes its version and release notes from CHANGELOG.md, whose entries name every cmdlet' {
        # Issue 17 point 9: the newest heading is the version, and the entries are the release notes the Gallery shows.
        $changelog = (Get-Content -Raw -LiteralPath (Join-Path $script:RepositoryRoot 'CHANGELOG.md')) -replace '\r\n', "`n"
        $heading = [regex]::Match($changelog, '(?m)^## (?<version>\S+)\s*$')
        $heading.Success | Should -BeTrue -Because 'CHANGELOG.md has a "## <version>" heading per version'
        $script:Manifest.Version | Should -Be ([version]$heading.Groups['version'].Value)
        $notes = "$($script:Manifest.PrivateData.PSData.ReleaseNotes)" -replace '\r\n', "`n"
        $notes.Trim() | Should -Be $changelog.Substring($heading.Index).Trim()
        foreach ($name in $script:Manifest.ExportedCmdlets.Keys) {
            $notes | Should -Match "\b$([regex]::Escape($name))\b" -Because "the release notes say what $name is"
        }
    }

    It 'ships its licence (staged module)' {
        if (-not (Test-ImagenModuleStaged)) { Set-ItResult -Skipped -Because 'the repository root is under test' }
        $moduleRoot = Split-Path -Path (Get-Module Imagen).Path -Parent
        Join-Path -Path $moduleRoot -ChildPath 'LICENSE' | Should -Exist
    }

    It 'keeps third-party assemblies out of the module root' {
        $moduleRoot = Split-Path -Path (Get-Module Imagen).Path -Parent
        Get-ChildItem -LiteralPath $moduleRoot -Filter *.dll -File | Should -BeNullOrEmpty
    }

    It 'has Get-Help text for every cmdlet' {
        foreach ($name in (Get-Module Imagen).ExportedCmdlets.Keys) {
            (Get-Help $name).Synopsis | Should -Not -BeLike "$name *" -Because "$name needs help text"
        }
        (Get-Help Get-ImagenProfile -Examples).examples.example.Count | Should -BeGreaterThan 0
    }

    It 'lists the SDK extension sets exactly' {
        (Get-ImagenSupportedFileType -Kind Raw).Extension -join ' ' |
            Should -Be '.dng .nef .cr2 .arw .nrw .crw .srf .sr2 .orf .raw .rw2 .raf .ptx .pef .rwl .srw .cr3 .3fr .fff'
        (Get-ImagenSupportedFileType -Kind Jpeg).Extension | Should -Be @('.jpg', '.jpeg')
        [Imagen.Core.ImagenFileTypes]::RawExtensions.Count | Should -Be 19
    }
}
