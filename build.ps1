#Requires -Version 5.1
<#
.SYNOPSIS
    Builds the Imagen module, stages a distributable copy, runs the tests, and runs the main job against the local
    emulator.

.DESCRIPTION
    Tasks, run in this order when several are named:
      Build  dotnet build ImagenPS.sln -c <Configuration>
      Stage  writes out/Imagen/<version>/: Imagen.psd1, Imagen.psm1, the format file, about help, and the compiled
             cmdlets in lib/net472 (Windows PowerShell 5.1) and lib/net8.0 (PowerShell 7), with every third-party
             assembly in lib/<framework>/dependencies/. Copy that Imagen folder into a folder of $env:PSModulePath.
      Test   dotnet test ImagenPS.sln, then the Pester tests in tests/Pester when Pester 5 is installed.
      Demo   the main job: starts the emulator on 127.0.0.1, generates a sample shoot, imports the staged module,
             lists the profiles, checks the shoot against profile 5700, edits and exports it (Invoke-ImagenEdit -Export)
             and saves the results beside the photos (Save-ImagenResult): XMP sidecars and exported JPEGs. Builds (when nothing is built) and stages first.
    The default is Build, Stage, Test.

    The script uses only the engine's own commands and .NET, so it also runs where PowerShell is hosted without its
    utility modules (the repository's tests run it that way).

.EXAMPLE
    ./build.ps1
    Builds, stages out/Imagen/<version>/ and runs every test.

.EXAMPLE
    ./build.ps1 -Task Demo
    Builds when needed, stages, and runs the main job against the local emulator.
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Stage', 'Test', 'Demo')]
    [string[]] $Task = @('Build', 'Stage', 'Test'),

    [ValidateSet('Release', 'Debug')]
    [string] $Configuration = 'Release',

    # The frameworks to stage (both for a distributable module).
    [ValidateSet('net472', 'net8.0')]
    [string[]] $Framework = @('net472', 'net8.0'),

    # Where the staged module goes: <OutputPath>/Imagen/<version>/.
    [string] $OutputPath,

    # Shorthand for adding the Demo task.
    [switch] $Demo,

    # Folder for the demo's sample shoot (a new temporary folder by default).
    [string] $DemoPath,

    # Number of sample photos the demo generates.
    [ValidateRange(1, 500)]
    [int] $SampleCount = 6
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0

$repositoryRoot = $PSScriptRoot
$solution = [System.IO.Path]::Combine($repositoryRoot, 'ImagenPS.sln')
$manifestPath = [System.IO.Path]::Combine($repositoryRoot, 'Imagen.psd1')
$cmdletProject = [System.IO.Path]::Combine($repositoryRoot, 'src', 'Imagen.PowerShell')
$emulatorProject = [System.IO.Path]::Combine($repositoryRoot, 'src', 'Imagen.Emulator')
if (-not $OutputPath) { $OutputPath = [System.IO.Path]::Combine($repositoryRoot, 'out') }
# The module's own assemblies; everything else a build copies is a third-party dependency.
$moduleAssemblies = @('Imagen.PowerShell', 'Imagen.Core')

function Write-Step {
    # What Write-Host does, without needing Microsoft.PowerShell.Utility (absent where the engine is hosted).
    param([string] $Message, [System.ConsoleColor] $Color = [System.ConsoleColor]::Cyan)
    $text = [System.Management.Automation.HostInformationMessage]@{ Message = $Message; ForegroundColor = $Color }
    $PSCmdlet.WriteInformation($text, [string[]]@('PSHOST'))
}

function Read-ModuleVersion {
    # Import-PowerShellDataFile, with the parser only.
    $ast = [System.Management.Automation.Language.Parser]::ParseFile($manifestPath, [ref]$null, [ref]$null)
    $data = $ast.Find({ param($node) $node -is [System.Management.Automation.Language.HashtableAst] }, $false).SafeGetValue()
    $data['ModuleVersion']
}

function Invoke-Native {
    # Runs a program and stops the build when it fails (native programs do not throw).
    param([string] $FilePath, [string[]] $ArgumentList)
    Write-Step "> $FilePath $($ArgumentList -join ' ')" -Color DarkGray
    # stderr joins the messages; 'Continue' because Windows PowerShell 5.1 would stop at its first line under 'Stop'.
    $ErrorActionPreference = 'Continue'
    & $FilePath @ArgumentList 2>&1 | ForEach-Object { Write-Step "$_" -Color Gray }
    if ($LASTEXITCODE -ne 0) {
        throw "'$FilePath $($ArgumentList -join ' ')' failed with exit code $LASTEXITCODE."
    }
}

function Copy-Folder {
    param([string] $Source, [string] $Destination)
    $null = [System.IO.Directory]::CreateDirectory($Destination)
    foreach ($file in [System.IO.Directory]::GetFiles($Source)) {
        [System.IO.File]::Copy($file, [System.IO.Path]::Combine($Destination, [System.IO.Path]::GetFileName($file)), $true)
    }
    foreach ($folder in [System.IO.Directory]::GetDirectories($Source)) {
        Copy-Folder -Source $folder -Destination ([System.IO.Path]::Combine($Destination, [System.IO.Path]::GetFileName($folder)))
    }
}

$moduleVersion = Read-ModuleVersion
$stagedModule = [System.IO.Path]::Combine($OutputPath, 'Imagen', $moduleVersion)
$stagedManifest = [System.IO.Path]::Combine($stagedModule, 'Imagen.psd1')

function Invoke-Build {
    Invoke-Native dotnet @('build', $solution, '-c', $Configuration, '--nologo', '-v', 'quiet')
}

function Invoke-Stage {
    if ([System.IO.Directory]::Exists($stagedModule)) {
        try {
            [System.IO.Directory]::Delete($stagedModule, $true)
        }
        catch {
            # On Windows a session that imported the staged module keeps its dlls open.
            throw "Cannot replace '$stagedModule': $($_.Exception.Message) Close the PowerShell sessions that imported it, or run the build in a new process: pwsh -NoProfile -File ./build.ps1"
        }
    }
    $null = [System.IO.Directory]::CreateDirectory($stagedModule)

    # The manifest at the repository root points at the format file inside src/; the staged one has it beside itself.
    $manifest = [System.IO.File]::ReadAllText($manifestPath)
    $manifest = $manifest.Replace("'src/Imagen.PowerShell/Imagen.Format.ps1xml'", "'Imagen.Format.ps1xml'")
    [System.IO.File]::WriteAllText($stagedManifest, $manifest, [System.Text.UTF8Encoding]::new($true))
    [System.IO.File]::Copy([System.IO.Path]::Combine($repositoryRoot, 'Imagen.psm1'), [System.IO.Path]::Combine($stagedModule, 'Imagen.psm1'))
    [System.IO.File]::Copy([System.IO.Path]::Combine($repositoryRoot, 'LICENSE'), [System.IO.Path]::Combine($stagedModule, 'LICENSE'))
    [System.IO.File]::Copy([System.IO.Path]::Combine($cmdletProject, 'Imagen.Format.ps1xml'), [System.IO.Path]::Combine($stagedModule, 'Imagen.Format.ps1xml'))
    Copy-Folder -Source ([System.IO.Path]::Combine($cmdletProject, 'en-US')) -Destination ([System.IO.Path]::Combine($stagedModule, 'en-US'))

    foreach ($targetFramework in $Framework) {
        $buildOutput = [System.IO.Path]::Combine($cmdletProject, 'bin', $Configuration, $targetFramework)
        if (-not [System.IO.File]::Exists([System.IO.Path]::Combine($buildOutput, 'Imagen.PowerShell.dll'))) {
            throw "There is no $Configuration build for $targetFramework in '$buildOutput'. Run './build.ps1 -Task Build -Configuration $Configuration' first."
        }
        $lib = [System.IO.Path]::Combine($stagedModule, 'lib', $targetFramework)
        $dependencies = [System.IO.Directory]::CreateDirectory([System.IO.Path]::Combine($lib, 'dependencies')).FullName
        foreach ($file in [System.IO.Directory]::GetFiles($buildOutput)) {
            $name = [System.IO.Path]::GetFileName($file)
            $extension = [System.IO.Path]::GetExtension($file)
            $isModuleFile = $moduleAssemblies -contains [System.IO.Path]::GetFileNameWithoutExtension($file)
            if ($isModuleFile -and ($extension -eq '.dll' -or $extension -eq '.pdb')) {
                [System.IO.File]::Copy($file, [System.IO.Path]::Combine($lib, $name))
            }
            elseif (-not $isModuleFile -and $extension -eq '.dll' -and $name -ne 'System.Management.Automation.dll') {
                [System.IO.File]::Copy($file, [System.IO.Path]::Combine($dependencies, $name))
            }
        }
    }

    Write-CmdletHelp

    # Only our own files in the module root: checked, so a change to the build cannot slip a dll in.
    $strays = [System.IO.Directory]::GetFiles($stagedModule, '*.dll')
    if ($strays.Count -gt 0) {
        throw "Assemblies ended up in the module root: $($strays -join ', ')."
    }
    Write-Step "Staged the module in $stagedModule" -Color Green
}

function Get-DocText {
    # The text of an XML doc element, whitespace collapsed.
    param($Node)
    if ($null -eq $Node) { return '' }
    ($Node.InnerText -replace '\s+', ' ').Trim()
}

function Write-CmdletHelp {
    <#
    Writes Imagen.PowerShell.dll-Help.xml (MAML, what Get-Help reads) beside the staged cmdlet assemblies. Syntax and
    parameter attributes come from the imported cmdlets; words come from the XML documentation comments
    (<para type="synopsis">, <para type="description">, <example><code>, and each parameter property's <summary>).
    #>
    $edition = if ($PSEdition -eq 'Core') { 'net8.0' } else { 'net472' }
    if ($Framework -notcontains $edition) {
        Write-Step "Cmdlet help not generated: this PowerShell loads $edition, which was not staged." -Color Yellow
        return
    }
    $docPath = [System.IO.Path]::Combine($cmdletProject, 'bin', $Configuration, $edition, 'Imagen.PowerShell.xml')
    $docs = [xml]'<doc><members /></doc>'
    if ([System.IO.File]::Exists($docPath)) { $docs = [xml][System.IO.File]::ReadAllText($docPath) }
    $members = @{}
    foreach ($member in $docs.doc.members.ChildNodes) { $members[$member.GetAttribute('name')] = $member }

    $module = Import-Module $stagedManifest -Force -PassThru
    $common = [System.Collections.Generic.HashSet[string]]::new([string[]](@([System.Management.Automation.Cmdlet]::CommonParameters) + @([System.Management.Automation.Cmdlet]::OptionalCommonParameters)))
    $names = [System.Collections.Generic.List[string]]::new([string[]]@($module.ExportedCmdlets.Keys))
    $names.Sort()

    $settings = [System.Xml.XmlWriterSettings]::new()
    $settings.Indent = $true
    $settings.Encoding = [System.Text.UTF8Encoding]::new($false)
    $buffer = [System.IO.MemoryStream]::new()
    $xml = [System.Xml.XmlWriter]::Create($buffer, $settings)
    $maml = 'http://schemas.microsoft.com/maml/2004/10'
    $cmd = 'http://schemas.microsoft.com/maml/dev/command/2004/10'
    $dev = 'http://schemas.microsoft.com/maml/dev/2004/10'
    $xml.WriteStartElement('helpItems', 'http://msh')
    $xml.WriteAttributeString('schema', 'maml')
    foreach ($name in $names) {
        $command = $module.ExportedCmdlets[$name]
        $typeDoc = $members['T:' + $command.ImplementingType.FullName]
        $synopsis = if ($typeDoc) { Get-DocText $typeDoc.SelectSingleNode("summary/para[@type='synopsis']") } else { '' }
        $description = if ($typeDoc) { Get-DocText $typeDoc.SelectSingleNode("summary/para[@type='description']") } else { '' }
        if (-not $synopsis -and $typeDoc) { $synopsis = Get-DocText $typeDoc.SelectSingleNode('summary') }

        $xml.WriteStartElement('command', 'command', $cmd)
        $xml.WriteAttributeString('xmlns', 'maml', $null, $maml)
        $xml.WriteAttributeString('xmlns', 'dev', $null, $dev)
        $xml.WriteStartElement('command', 'details', $cmd)
        $xml.WriteElementString('command', 'name', $cmd, $name)
        $xml.WriteStartElement('maml', 'description', $maml); $xml.WriteElementString('maml', 'para', $maml, $synopsis); $xml.WriteEndElement()
        $xml.WriteElementString('command', 'verb', $cmd, $command.Verb)
        $xml.WriteElementString('command', 'noun', $cmd, $command.Noun)
        $xml.WriteEndElement()
        $xml.WriteStartElement('maml', 'description', $maml); $xml.WriteElementString('maml', 'para', $maml, $(if ($description) { $description } else { $synopsis })); $xml.WriteEndElement()

        $xml.WriteStartElement('command', 'syntax', $cmd)
        foreach ($set in $command.ParameterSets) {
            $xml.WriteStartElement('command', 'syntaxItem', $cmd)
            $xml.WriteElementString('maml', 'name', $maml, $name)
            foreach ($parameter in $set.Parameters) {
                if ($common.Contains($parameter.Name)) { continue }
                $xml.WriteStartElement('command', 'parameter', $cmd)
                $xml.WriteAttributeString('required', "$($parameter.IsMandatory)".ToLowerInvariant())
                $xml.WriteAttributeString('position', $(if ($parameter.Position -ge 0) { "$($parameter.Position)" } else { 'named' }))
                $xml.WriteElementString('maml', 'name', $maml, $parameter.Name)
                if ($parameter.ParameterType -ne [System.Management.Automation.SwitchParameter]) {
                    $xml.WriteElementString('command', 'parameterValue', $cmd, $parameter.ParameterType.Name)
                }
                $xml.WriteEndElement()
            }
            $xml.WriteEndElement()
        }
        $xml.WriteEndElement()

        $xml.WriteStartElement('command', 'parameters', $cmd)
        foreach ($parameter in $command.Parameters.Values) {
            if ($common.Contains($parameter.Name)) { continue }
            $declaringType = $command.ImplementingType.GetProperty($parameter.Name).DeclaringType.FullName
            $parameterDoc = $members["P:$declaringType.$($parameter.Name)"]
            $attributes = @($parameter.Attributes | Where-Object { $_ -is [System.Management.Automation.ParameterAttribute] })
            $byValue = @($attributes | Where-Object ValueFromPipeline).Count -gt 0
            $byName = @($attributes | Where-Object ValueFromPipelineByPropertyName).Count -gt 0
            $pipeline = if ($byValue -and $byName) { 'True (ByValue, ByPropertyName)' } elseif ($byValue) { 'True (ByValue)' } elseif ($byName) { 'True (ByPropertyName)' } else { 'False' }
            $positions = @($attributes | Where-Object { $_.Position -ge 0 } | ForEach-Object Position)
            $xml.WriteStartElement('command', 'parameter', $cmd)
            $xml.WriteAttributeString('required', "$(@($attributes | Where-Object Mandatory).Count -eq $attributes.Count)".ToLowerInvariant())
            $xml.WriteAttributeString('position', $(if ($positions.Count -gt 0) { "$($positions[0])" } else { 'named' }))
            $xml.WriteAttributeString('pipelineInput', $pipeline)
            $xml.WriteAttributeString('globbing', "$(@($parameter.Attributes | Where-Object { $_ -is [System.Management.Automation.SupportsWildcardsAttribute] }).Count -gt 0)".ToLowerInvariant())
            $xml.WriteAttributeString('aliases', $(if ($parameter.Aliases.Count -gt 0) { $parameter.Aliases -join ', ' } else { 'none' }))
            $xml.WriteElementString('maml', 'name', $maml, $parameter.Name)
            $xml.WriteStartElement('maml', 'description', $maml); $xml.WriteElementString('maml', 'para', $maml, (Get-DocText $(if ($parameterDoc) { $parameterDoc.SelectSingleNode('summary') }))); $xml.WriteEndElement()
            $xml.WriteElementString('command', 'parameterValue', $cmd, $parameter.ParameterType.Name)
            $xml.WriteStartElement('dev', 'type', $dev); $xml.WriteElementString('maml', 'name', $maml, $parameter.ParameterType.FullName); $xml.WriteEndElement()
            $xml.WriteEndElement()
        }
        $xml.WriteEndElement()

        $xml.WriteStartElement('command', 'returnValues', $cmd)
        foreach ($output in $command.OutputType) {
            $xml.WriteStartElement('command', 'returnValue', $cmd)
            $xml.WriteStartElement('dev', 'type', $dev); $xml.WriteElementString('maml', 'name', $maml, $output.Name); $xml.WriteEndElement()
            $xml.WriteEndElement()
        }
        $xml.WriteEndElement()

        $xml.WriteStartElement('command', 'examples', $cmd)
        $number = 0
        foreach ($code in @(if ($typeDoc) { $typeDoc.SelectNodes('.//example/code') })) {
            $number++
            $xml.WriteStartElement('command', 'example', $cmd)
            $xml.WriteElementString('maml', 'title', $maml, "-------------------------- Example $number --------------------------")
            $xml.WriteElementString('dev', 'code', $dev, $code.InnerText.Trim())
            $xml.WriteStartElement('dev', 'remarks', $dev); $xml.WriteElementString('maml', 'para', $maml, ''); $xml.WriteEndElement()
            $xml.WriteEndElement()
        }
        $xml.WriteEndElement()
        $xml.WriteEndElement()
    }
    $xml.WriteEndElement()
    $xml.Dispose()

    foreach ($targetFramework in $Framework) {
        [System.IO.File]::WriteAllBytes([System.IO.Path]::Combine($stagedModule, 'lib', $targetFramework, 'Imagen.PowerShell.dll-Help.xml'), $buffer.ToArray())
    }
    Remove-Module Imagen -Force
    Write-Step "Wrote cmdlet help for $($names.Count) cmdlets." -Color Green
}

function Invoke-Test {
    Invoke-Native dotnet @('test', $solution, '-c', $Configuration, '--nologo')

    $pester = $null
    foreach ($candidate in Get-Module -ListAvailable -Name Pester) {
        if ($candidate.Version -ge [version]'5.0' -and (-not $pester -or $candidate.Version -gt $pester.Version)) { $pester = $candidate }
    }
    if (-not $pester) {
        $PSCmdlet.WriteWarning('Pester 5 is not installed; skipping tests/Pester (Install-Module Pester -MinimumVersion 5.0).')
        return
    }
    Import-Module $pester -Force
    # The Pester tests import the module named here: the staged copy when there is one, else the repository root.
    $moduleUnderTest = if ([System.IO.File]::Exists($stagedManifest)) { $stagedManifest } else { $manifestPath }
    [System.Environment]::SetEnvironmentVariable('IMAGEN_TEST_MODULE', $moduleUnderTest)
    [System.Environment]::SetEnvironmentVariable('IMAGEN_TEST_CONFIGURATION', $Configuration)
    try {
        $pesterConfiguration = New-PesterConfiguration
        $pesterConfiguration.Run.Path = [System.IO.Path]::Combine($repositoryRoot, 'tests', 'Pester')
        $pesterConfiguration.Run.PassThru = $true
        $pesterConfiguration.Output.Verbosity = 'Detailed'
        $result = Invoke-Pester -Configuration $pesterConfiguration
        if ($result.FailedCount -gt 0) {
            throw "$($result.FailedCount) Pester tests failed."
        }
    }
    finally {
        [System.Environment]::SetEnvironmentVariable('IMAGEN_TEST_MODULE', $null)
        [System.Environment]::SetEnvironmentVariable('IMAGEN_TEST_CONFIGURATION', $null)
    }
}

function Start-Emulator {
    # Starts the emulator on a free loopback port with a throwaway key; returns the process, URL and key.
    param([string] $EmulatorAssembly, [string] $DataFolder)

    $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
    $listener.Start()
    $port = $listener.LocalEndpoint.Port
    $listener.Stop()

    $keyText = [guid]::NewGuid().ToString('N')
    $startInfo = [System.Diagnostics.ProcessStartInfo]::new('dotnet')
    # Arguments (not ArgumentList) so that Windows PowerShell 5.1 runs this too.
    $startInfo.Arguments = '"{0}" --urls http://127.0.0.1:{1} --api-key {2} --data-dir "{3}"' -f $EmulatorAssembly, $port, $keyText, $DataFolder
    $startInfo.UseShellExecute = $false
    $startInfo.RedirectStandardOutput = $true
    $startInfo.RedirectStandardError = $true
    $process = [System.Diagnostics.Process]::Start($startInfo)
    $errors = $process.StandardError.ReadToEndAsync()

    # The emulator prints "Imagen emulator listening on <url>" once it accepts requests.
    $deadline = [DateTime]::UtcNow.AddSeconds(60)
    $ready = $false
    while (-not $ready) {
        $line = $process.StandardOutput.ReadLineAsync()
        if (-not $line.Wait([Math]::Max(0, ($deadline - [DateTime]::UtcNow).TotalMilliseconds)) -or $null -eq $line.Result) {
            if (-not $process.HasExited) { $process.Kill(); $null = $process.WaitForExit(5000) }
            throw "The emulator did not start within 60 seconds. $($errors.Result)"
        }
        $ready = $line.Result -like '*listening on*'
    }
    # Keep reading its output so a full pipe never blocks it.
    $null = $process.StandardOutput.ReadToEndAsync()

    $apiKey = [System.Security.SecureString]::new()
    foreach ($character in $keyText.ToCharArray()) { $apiKey.AppendChar($character) }
    $apiKey.MakeReadOnly()
    [pscustomobject]@{ Process = $process; BaseUrl = "http://127.0.0.1:$port/v1"; ApiKey = $apiKey }
}

function Invoke-Demo {
    # On a fresh clone `./build.ps1 -Task Demo` builds and stages what it needs first.
    $emulatorAssembly = [System.IO.Path]::Combine($emulatorProject, 'bin', $Configuration, 'net10.0', 'Imagen.Emulator.dll')
    $cmdletsBuilt = $true
    foreach ($targetFramework in $Framework) {
        $cmdletsBuilt = $cmdletsBuilt -and [System.IO.File]::Exists([System.IO.Path]::Combine($cmdletProject, 'bin', $Configuration, $targetFramework, 'Imagen.PowerShell.dll'))
    }
    if ($Task -notcontains 'Build' -and (-not $cmdletsBuilt -or -not [System.IO.File]::Exists($emulatorAssembly))) { Invoke-Build }
    if ($Task -notcontains 'Stage') { Invoke-Stage }

    $work = [System.IO.Path]::Combine([System.IO.Path]::GetTempPath(), 'imagen-demo-' + [guid]::NewGuid().ToString('N').Substring(0, 8))
    $shoot = if ($DemoPath) { [System.IO.Path]::GetFullPath($DemoPath) } else { [System.IO.Path]::Combine($work, 'Shoot') }
    $null = [System.IO.Directory]::CreateDirectory($shoot)
    Invoke-Native dotnet @($emulatorAssembly, '--generate-samples', $shoot, '--count', "$SampleCount", '--kind', 'raw')

    $emulator = Start-Emulator -EmulatorAssembly $emulatorAssembly -DataFolder ([System.IO.Path]::Combine($work, 'emulator-data'))
    try {
        Import-Module $stagedManifest -Force
        # The emulator edits in moments: check its status every 0.2 s, not the real service's 5 s. A copy local to
        # this function, so the caller's session keeps its own defaults.
        $defaults = [System.Management.Automation.DefaultParameterDictionary]::new()
        foreach ($key in @($PSDefaultParameterValues.Keys)) { $defaults[$key] = $PSDefaultParameterValues[$key] }
        $defaults['*-Imagen*:PollingIntervalSec'] = 0.2
        $PSDefaultParameterValues = $defaults

        Write-Step "`n# Connect-Imagen -BaseUrl $($emulator.BaseUrl)"
        Connect-Imagen -ApiKey $emulator.ApiKey -BaseUrl $emulator.BaseUrl -PassThru | Out-Host

        Write-Step '# Get-ImagenProfile | Where-Object ImageType -eq RAW'
        Get-ImagenProfile | Where-Object ImageType -eq RAW | Out-Host

        # Get-ChildItem's output, without needing Microsoft.PowerShell.Management.
        $photos = @($ExecutionContext.SessionState.InvokeProvider.ChildItem.Get($shoot, $false) |
            Where-Object { $_ -is [System.IO.FileInfo] })
        Write-Step "# Get-ChildItem $shoot | Test-ImagenProfileFiles -ProfileKey 5700 -Detailed"
        $photos | Test-ImagenProfileFiles -ProfileKey 5700 -Detailed | Out-Host
        if (-not ($photos | Test-ImagenProfileFiles -ProfileKey 5700)) {
            throw 'The sample shoot does not pass Test-ImagenProfileFiles for profile 5700.'
        }

        Write-Step '# Get-ChildItem | Invoke-ImagenEdit -ProfileKey 5700 -PhotographyType WEDDING -Export | Save-ImagenResult -PassThru'
        $photos | Invoke-ImagenEdit -ProfileKey 5700 -PhotographyType WEDDING -Export | Save-ImagenResult -PassThru | Out-Host
        Write-Step "Demo finished. The shoot and its results: $shoot" -Color Green
    }
    finally {
        if (Get-Command -Name Disconnect-Imagen -ErrorAction Ignore) { Disconnect-Imagen }
        if (-not $emulator.Process.HasExited) {
            $emulator.Process.Kill()
            $null = $emulator.Process.WaitForExit(5000)
        }
    }
}

if ($Demo -and $Task -notcontains 'Demo') { $Task += 'Demo' }
foreach ($step in 'Build', 'Stage', 'Test', 'Demo') {
    if ($Task -contains $step) {
        Write-Step "=== $step ==="
        & "Invoke-$step"
    }
}
