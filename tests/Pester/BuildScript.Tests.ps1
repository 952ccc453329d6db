#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }

# build.ps1 as bash, cmd or a CI step call it: `pwsh -File build.ps1 -Task Build,Stage` passes "Build,Stage" as one
# string, which the script splits.

Describe 'build.ps1 called with -File' {
    BeforeAll {
        . $PSScriptRoot/Imagen.TestHelpers.ps1
        $script:BuildScript = Join-Path $script:RepositoryRoot 'build.ps1'
        $script:Configuration = if ($env:IMAGEN_TEST_CONFIGURATION) { $env:IMAGEN_TEST_CONFIGURATION } else { 'Release' }
    }

    It 'takes "Stage,Stage" as one argument and stages the module once' {
        $out = Join-Path $TestDrive 'out'

        $run = Invoke-ImagenScheduledScript -ScriptPath $script:BuildScript -ArgumentList '-Task', 'Stage,Stage', '-Configuration', $script:Configuration, '-Framework', 'net8.0', '-OutputPath', $out

        $run.ExitCode | Should -Be 0 -Because ($run.Errors + $run.Output)
        ([regex]::Matches($run.Output, '=== Stage ===')).Count | Should -Be 1
        Join-Path $out 'Imagen/*/lib/net8.0/Imagen.PowerShell.dll-Help.xml' | Should -Exist
    }

    It 'refuses to stage a module whose manifest disagrees with CHANGELOG.md' {
        # A copy of the repository's top level whose newest changelog entry is a version the manifest does not have.
        $copy = Join-Path $TestDrive 'disagreeing'
        $null = New-Item -ItemType Directory -Path $copy
        foreach ($file in 'build.ps1', 'Imagen.psd1', 'CHANGELOG.md') { Copy-Item -LiteralPath (Join-Path $script:RepositoryRoot $file) -Destination $copy }
        $changelog = Join-Path $copy 'CHANGELOG.md'
        $text = Get-Content -Raw -LiteralPath $changelog
        $at = $text.IndexOf("`n## ")
        Set-Content -LiteralPath $changelog -NoNewline -Value ($text.Substring(0, $at + 1) + "## 99.0.0`n`n* A release the manifest has not heard of.`n`n" + $text.Substring($at + 1))

        $run = Invoke-ImagenScheduledScript -ScriptPath (Join-Path $copy 'build.ps1') -ArgumentList '-Task', 'Stage', '-OutputPath', (Join-Path $TestDrive 'never')

        $run.ExitCode | Should -Not -Be 0
        $run.Errors + $run.Output | Should -Match "CHANGELOG.md's newest entry is 99.0.0 but Imagen.psd1's ModuleVersion is"
        Join-Path $TestDrive 'never' | Should -Not -Exist
    }

    It 'refuses an unknown task by name, before doing anything' {
        $run = Invoke-ImagenScheduledScript -ScriptPath $script:BuildScript -ArgumentList '-Task', 'Build,Deploy'

        $run.ExitCode | Should -Not -Be 0
        $run.Errors + $run.Output | Should -Match "-Task 'Deploy' is not one of Build, Stage, Test, Publish, Demo"
        $run.Output | Should -Not -Match '=== Build ==='
    }
}
