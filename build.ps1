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
             lists the profiles, checks the shoot against profile 5700, edits it (Invoke-ImagenEdit) and saves the
             results beside the photos (Save-ImagenResult). Builds (when nothing is built) and stages first.
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
        [System.IO.Directory]::Delete($stagedModule, $true)
    }
    $null = [System.IO.Directory]::CreateDirectory($stagedModule)

    # The manifest at the repository root points at the format file inside src/; the staged one has it beside itself.
    $manifest = [System.IO.File]::ReadAllText($manifestPath)
    $manifest = $manifest.Replace("'src/Imagen.PowerShell/Imagen.Format.ps1xml'", "'Imagen.Format.ps1xml'")
    [System.IO.File]::WriteAllText($stagedManifest, $manifest, [System.Text.UTF8Encoding]::new($true))
    [System.IO.File]::Copy([System.IO.Path]::Combine($repositoryRoot, 'Imagen.psm1'), [System.IO.Path]::Combine($stagedModule, 'Imagen.psm1'))
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

    # Only our own files in the module root: checked, so a change to the build cannot slip a dll in.
    $strays = [System.IO.Directory]::GetFiles($stagedModule, '*.dll')
    if ($strays.Count -gt 0) {
        throw "Assemblies ended up in the module root: $($strays -join ', ')."
    }
    Write-Step "Staged the module in $stagedModule" -Color Green
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

        if (Get-Command -Name Invoke-ImagenEdit, Save-ImagenResult -Module Imagen -ErrorAction Ignore) {
            Write-Step '# Get-ChildItem | Invoke-ImagenEdit -ProfileKey 5700 -PhotographyType WEDDING | Save-ImagenResult -PassThru'
            $photos | Invoke-ImagenEdit -ProfileKey 5700 -PhotographyType WEDDING | Save-ImagenResult -PassThru | Out-Host
        }
        else {
            Write-Step 'This build has no Invoke-ImagenEdit / Save-ImagenResult: the demo ends after the file check.' -Color Yellow
        }
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
