#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }

# Issue 17 point 7: the help the build generates (src/Imagen.HelpGenerator) agrees with the cmdlets as PowerShell
# sees them, for every exported cmdlet: SYNTAX as Get-Command -Syntax prints it, INPUTS from the pipeline
# parameters, a default value for every parameter. HelpExamples.Tests.ps1 runs every example.

Describe 'The generated help' {
    BeforeDiscovery {
        . $PSScriptRoot/Imagen.TestHelpers.ps1
        Import-ImagenModuleUnderTest
        $script:CmdletCases = @((Get-Module Imagen).ExportedCmdlets.Keys | Sort-Object | ForEach-Object { @{ Name = $_ } })
    }

    Describe 'Get-Help of <Name>' -ForEach $script:CmdletCases {
        BeforeAll {
            . $PSScriptRoot/Imagen.TestHelpers.ps1
            Import-ImagenModuleUnderTest
            $script:Command = Get-Command -Name $Name -Module Imagen
            $script:Help = Get-Help -Name $Name -Full

            function Get-SyntaxLine {
                # One line per parameter set, whitespace collapsed, whatever width the text was wrapped at.
                param([string] $Text)
                @($Text -split '\r?\n' | ForEach-Object { ($_ -replace '\s+', ' ').Trim() } | Where-Object { $_ })
            }
        }

        It 'shows the syntax Get-Command -Syntax shows' {
            $fromHelp = Get-SyntaxLine (($script:Help.Syntax | Out-String -Width 10000))
            $fromCommand = Get-SyntaxLine ((Get-Command -Name $Name -Module Imagen -Syntax) | Out-String -Width 10000)

            $fromHelp | Should -Not -BeNullOrEmpty
            $fromHelp | Should -Be $fromCommand
        }

        It 'names in INPUTS the type of every parameter that takes pipeline input' {
            $inputTypes = @($script:Help.inputTypes.inputType | ForEach-Object { "$($_.type.name)".Trim() })
            $piped = @($script:Command.Parameters.Values | Where-Object {
                    $_.Attributes | Where-Object { $_ -is [System.Management.Automation.ParameterAttribute] -and ($_.ValueFromPipeline -or $_.ValueFromPipelineByPropertyName) }
                })
            foreach ($parameter in $piped) {
                $type = $parameter.ParameterType
                if ([Nullable]::GetUnderlyingType($type)) { $type = [Nullable]::GetUnderlyingType($type) }
                if ($type.IsArray) { $type = $type.GetElementType() }
                $inputTypes | Should -Contain $type.FullName -Because "-$($parameter.Name) takes $($type.FullName) from the pipeline"
                $text = @($script:Help.inputTypes.inputType | Where-Object { "$($_.type.name)".Trim() -eq $type.FullName }).description.Text -join ' '
                $text | Should -BeLike "*-$($parameter.Name) *" -Because "INPUTS says which parameter $($type.FullName) binds to"
            }
            if ($piped.Count -eq 0) { $inputTypes | Should -Be @('None') }
        }

        It 'gives every parameter a default value' {
            foreach ($parameter in @($script:Help.parameters.parameter | Where-Object { "$($_.name)" })) {
                "$($parameter.defaultValue)".Trim() | Should -Not -BeNullOrEmpty -Because "-$($parameter.name) of $Name needs a default value"
                if ($script:Command.Parameters[$parameter.name].ParameterType -eq [switch]) {
                    $parameter.defaultValue | Should -Be 'False' -Because "-$($parameter.name) is a switch"
                }
            }
        }
    }

    Describe 'Default values in the help' {
        BeforeAll {
            . $PSScriptRoot/Imagen.TestHelpers.ps1
            Import-ImagenModuleUnderTest
        }

        It 'are what an unset parameter falls back to: the documented default, or the initial value' {
            # The summary states it ("Default: 5, or what Connect-Imagen or IMAGEN_MAX_RETRIES sets."): the property itself is 0 until bound.
            (Get-Help Invoke-ImagenEdit -Parameter MaxRetryCount).defaultValue | Should -Be '5, or what Connect-Imagen or IMAGEN_MAX_RETRIES sets'
            (Get-Help Save-ImagenResult -Parameter Path).defaultValue | Should -Be 'beside the originals, when they are known'
            # The property's initial value, an enum.
            (Get-Help Get-ImagenDownloadLink -Parameter Kind).defaultValue | Should -Be 'Edit'
            (Get-Help Get-ImagenUploadLink -Parameter Kind).defaultValue | Should -Be 'SmartEdit'
            # Nothing: unset means not given.
            (Get-Help Invoke-ImagenEdit -Parameter ProjectName).defaultValue | Should -Not -BeNullOrEmpty
            (Get-Help Get-ImagenProject -Parameter Name).defaultValue | Should -Be 'None'
        }

        It 'show the parameter types as Get-Command does (no Nullable`1)' {
            foreach ($name in (Get-Module Imagen).ExportedCmdlets.Keys) {
                $help = Get-Help -Name $name -Full
                foreach ($parameter in @($help.parameters.parameter | Where-Object { "$($_.name)" })) {
                    "$($parameter.parameterValue)" | Should -Not -Match '`' -Because "$name -$($parameter.name) shows a .NET generic name"
                }
            }
        }
    }
}
