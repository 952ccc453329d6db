# Imagen.psm1: loads the compiled cmdlets that fit this edition of PowerShell.
#
# Windows PowerShell 5.1 (Desktop) loads the net472 build, PowerShell 7 (Core) the net8.0 build. The build is
# looked for first in the staged layout beside this file (lib/<framework>/, as build.ps1 writes it), then in the
# development build output (src/Imagen.PowerShell/bin/<Release|Debug>/<framework>/, newest wins), so that
# `Import-Module ./Imagen.psd1` works from the repository root right after `dotnet build`.
#
# Only engine-level commands are used here (no Join-Path, Test-Path or Get-Item): they load faster and work in
# every host, including the bare engine the tests run in.

$framework = if ($PSEdition -eq 'Core') { 'net8.0' } else { 'net472' }
$assemblyName = 'Imagen.PowerShell.dll'

# Private: Export-ModuleMember below exports cmdlets only.
function Find-ImagenAssembly {
    param([string] $ModuleRoot, [string] $Framework, [string] $AssemblyName)

    $staged = [System.IO.Path]::Combine($ModuleRoot, 'lib', $Framework, $AssemblyName)
    if ([System.IO.File]::Exists($staged)) {
        return $staged
    }

    $newest = $null
    foreach ($configuration in 'Release', 'Debug') {
        $candidate = [System.IO.Path]::Combine($ModuleRoot, 'src', 'Imagen.PowerShell', 'bin', $configuration, $Framework, $AssemblyName)
        if ([System.IO.File]::Exists($candidate)) {
            if ($null -eq $newest -or
                [System.IO.File]::GetLastWriteTimeUtc($candidate) -gt [System.IO.File]::GetLastWriteTimeUtc($newest)) {
                $newest = $candidate
            }
        }
    }
    return $newest
}

$assemblyPath = Find-ImagenAssembly -ModuleRoot $PSScriptRoot -Framework $framework -AssemblyName $assemblyName

if (-not $assemblyPath) {
    $edition = if ($PSEdition -eq 'Core') { 'PowerShell 7' } else { 'Windows PowerShell 5.1' }
    throw ("The Imagen module is not built yet: no $framework build of $assemblyName (needed by $edition) was found " +
        "in '$([System.IO.Path]::Combine($PSScriptRoot, 'lib', $framework))' or under " +
        "'$([System.IO.Path]::Combine($PSScriptRoot, 'src', 'Imagen.PowerShell', 'bin'))'. " +
        "Build it first with 'dotnet build ImagenPS.sln' (or './build.ps1') from '$PSScriptRoot', then import the module again.")
}

# The binary module becomes a nested module of this one; its cmdlets are re-exported below and filtered by the
# manifest's CmdletsToExport.
$binaryModule = Import-Module -Name $assemblyPath -PassThru -ErrorAction Stop
# Aliases declared on the cmdlet classes ([Alias] on Test-ImagenProfileFiles) are exported too.
Export-ModuleMember -Cmdlet @($binaryModule.ExportedCmdlets.Keys) -Alias @($binaryModule.ExportedAliases.Keys)
