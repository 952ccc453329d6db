#Requires -Version 5.1
<#
.SYNOPSIS
    Builds the Imagen module, stages a distributable copy, runs the tests, and runs the main job against the local
    emulator.

.DESCRIPTION
    Tasks, run in this order when several are named:
      Build  dotnet build ImagenPS.sln -c <Configuration>
      Stage  checks that CHANGELOG.md and the manifest agree on the version and its notes, then writes
             out/Imagen/<version>/: Imagen.psd1, Imagen.psm1, CHANGELOG.md, the format file, about help, and the compiled
             cmdlets in lib/net472 (Windows PowerShell 5.1) and lib/net8.0 (PowerShell 7), with every third-party
             assembly in lib/<framework>/dependencies/. Copy that Imagen folder into a folder of $env:PSModulePath.
      Test   dotnet test ImagenPS.sln (every xUnit project), then every tests/Pester/*.Tests.ps1 with Pester 5.9.1
             (from NuGet) in a separate pwsh 7.6.9 (the .NET tool pinned in .config/dotnet-tools.json), or in Windows
             PowerShell when the build runs there. Results: a .trx per test project and Pester.xml (NUnit) in
             -ResultsPath (TestResults/ by default). Fails when any test fails.
      Publish  publishes the staged module (staging it first when this run does not) to the PSResourceGet repository
             named by -Repository (Register-PSResourceRepository; PSGallery for the PowerShell Gallery, with the key
             in -NuGetApiKey or $env:PSGALLERY_API_KEY), with Publish-PSResource, which checks the manifest as the
             Gallery does. Needs Microsoft.PowerShell.PSResourceGet (part of PowerShell 7.4 and later).
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

.EXAMPLE
    ./build.ps1 -Task Build,Stage,Test,Publish -Repository PSGallery -NuGetApiKey $key
    Builds, stages, tests and, when every test passed, publishes the module to the PowerShell Gallery.

.EXAMPLE
    dotnet tool restore && dotnet pwsh -File ./build.ps1 -Task Build,Stage
    From bash or cmd with only the .NET SDK installed: fetches the pinned pwsh, builds and stages.
#>
[CmdletBinding()]
param(
    # Build, Stage, Test, Publish, Demo. "Build,Stage" as one string works too: that is what `pwsh -File` passes from bash or cmd.
    [ArgumentCompleter({ param($c, $p, $word) 'Build', 'Stage', 'Test', 'Publish', 'Demo' | Where-Object { $_ -like "$word*" } })]
    [string[]] $Task = @('Build', 'Stage', 'Test'),

    [ValidateSet('Release', 'Debug')]
    [string] $Configuration = 'Release',

    # The frameworks to stage (both for a distributable module).
    [ArgumentCompleter({ param($c, $p, $word) 'net472', 'net8.0' | Where-Object { $_ -like "$word*" } })]
    [string[]] $Framework = @('net472', 'net8.0'),

    # Where Test writes its results: a .trx file per test project and Pester.xml (NUnit). Default: TestResults/.
    [string] $ResultsPath,

    # Where the staged module goes: <OutputPath>/Imagen/<version>/.
    [string] $OutputPath,

    # Shorthand for adding the Demo task.
    [switch] $Demo,

    # Folder for the demo's sample shoot (a new temporary folder by default).
    [string] $DemoPath,

    # Number of sample photos the demo generates.
    [ValidateRange(1, 500)]
    [int] $SampleCount = 6,

    # Publish: the PSResourceGet repository to publish to (a name from Get-PSResourceRepository).
    [string] $Repository,

    # Publish: the repository's API key (the PowerShell Gallery's). Default: $env:PSGALLERY_API_KEY.
    [string] $NuGetApiKey = $env:PSGALLERY_API_KEY
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0

function Split-ListArgument {
    # `pwsh -File build.ps1 -Task Build,Stage` (bash, cmd, a scheduled task) binds the one string 'Build,Stage'.
    param([string] $Name, [string[]] $Value, [string[]] $Allowed)
    $items = foreach ($item in $Value) { foreach ($part in $item.Split(',')) { if ($part.Trim()) { $part.Trim() } } }
    foreach ($item in $items) {
        if ($Allowed -notcontains $item) {
            throw "-$Name '$item' is not one of $($Allowed -join ', '). Example: ./build.ps1 -$Name $($Allowed[0]),$($Allowed[1])"
        }
    }
    # The spelling of the allowed list, whatever case the caller used.
    [string[]]@(foreach ($item in $items) { $Allowed | Where-Object { $_ -eq $item } })
}
$Task = Split-ListArgument -Name Task -Value $Task -Allowed 'Build', 'Stage', 'Test', 'Publish', 'Demo'
if ($Task -contains 'Publish' -and -not $Repository) {
    throw "-Task Publish needs -Repository: the name of a PSResourceGet repository (Get-PSResourceRepository), e.g. ./build.ps1 -Task Publish -Repository PSGallery"
}
$Framework = Split-ListArgument -Name Framework -Value $Framework -Allowed 'net472', 'net8.0'

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

function Read-Manifest {
    # Import-PowerShellDataFile, with the parser only.
    $ast = [System.Management.Automation.Language.Parser]::ParseFile($manifestPath, [ref]$null, [ref]$null)
    $ast.Find({ param($node) $node -is [System.Management.Automation.Language.HashtableAst] }, $false).SafeGetValue()
}

function Assert-ChangelogAgrees {
    <#
    CHANGELOG.md drives the version: its newest heading ("## 0.2.0") must be the manifest's ModuleVersion, and its
    entries, as they are, the manifest's ReleaseNotes. A module whose manifest disagrees is not staged.
    #>
    param($Manifest)
    $changelogPath = [System.IO.Path]::Combine($repositoryRoot, 'CHANGELOG.md')
    $changelog = [System.IO.File]::ReadAllText($changelogPath).Replace("`r`n", "`n")
    $heading = [regex]::Match($changelog, '(?m)^## (?<version>\S+)\s*$')
    if (-not $heading.Success) { throw "CHANGELOG.md has no '## <version>' heading." }
    $version = $heading.Groups['version'].Value
    if ($version -ne $Manifest['ModuleVersion']) {
        throw "CHANGELOG.md's newest entry is $version but Imagen.psd1's ModuleVersion is $($Manifest['ModuleVersion']). Set ModuleVersion to $version (or add a heading for $($Manifest['ModuleVersion']) to CHANGELOG.md)."
    }
    $notes = "$($Manifest['PrivateData']['PSData']['ReleaseNotes'])".Replace("`r`n", "`n").Trim()
    if ($notes -ne $changelog.Substring($heading.Index).Trim()) {
        throw "Imagen.psd1's ReleaseNotes are not CHANGELOG.md's entries: copy everything from '## $version' to the end of CHANGELOG.md into ReleaseNotes."
    }
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

$manifestData = Read-Manifest
$moduleVersion = $manifestData['ModuleVersion']
$stagedModule = [System.IO.Path]::Combine($OutputPath, 'Imagen', $moduleVersion)
$stagedManifest = [System.IO.Path]::Combine($stagedModule, 'Imagen.psd1')

function Invoke-Build {
    Invoke-Native dotnet @('build', $solution, '-c', $Configuration, '--nologo', '-v', 'quiet')
}

function Invoke-Stage {
    Assert-ChangelogAgrees -Manifest $manifestData
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
    [System.IO.File]::Copy([System.IO.Path]::Combine($repositoryRoot, 'CHANGELOG.md'), [System.IO.Path]::Combine($stagedModule, 'CHANGELOG.md'))
    [System.IO.File]::Copy([System.IO.Path]::Combine($cmdletProject, 'Imagen.Format.ps1xml'), [System.IO.Path]::Combine($stagedModule, 'Imagen.Format.ps1xml'))
    Copy-Folder -Source ([System.IO.Path]::Combine($cmdletProject, 'en-US')) -Destination ([System.IO.Path]::Combine($stagedModule, 'en-US'))

    foreach ($targetFramework in $Framework) {
        $buildOutput = [System.IO.Path]::Combine($cmdletProject, 'bin', $Configuration, $targetFramework)
        if (-not [System.IO.File]::Exists([System.IO.Path]::Combine($buildOutput, 'Imagen.PowerShell.dll'))) {
            throw "There is no $Configuration build for $targetFramework in '$buildOutput'. Run './build.ps1 -Task Build -Configuration $Configuration' first."
        }
        if (-not [System.IO.File]::Exists([System.IO.Path]::Combine($buildOutput, 'Imagen.PowerShell.dll-Help.xml'))) {
            throw "The $Configuration build in '$buildOutput' has no cmdlet help (Imagen.PowerShell.dll-Help.xml, written by the net8.0 build). Run './build.ps1 -Task Build -Configuration $Configuration' first."
        }
        $lib = [System.IO.Path]::Combine($stagedModule, 'lib', $targetFramework)
        $dependencies = [System.IO.Directory]::CreateDirectory([System.IO.Path]::Combine($lib, 'dependencies')).FullName
        foreach ($file in [System.IO.Directory]::GetFiles($buildOutput)) {
            $name = [System.IO.Path]::GetFileName($file)
            $extension = [System.IO.Path]::GetExtension($file)
            $isModuleFile = $moduleAssemblies -contains [System.IO.Path]::GetFileNameWithoutExtension($file)
            # The build writes the cmdlets' MAML help (Imagen.PowerShell.dll-Help.xml) beside the assembly.
            if ($isModuleFile -and ($extension -eq '.dll' -or $extension -eq '.pdb') -or $name -eq 'Imagen.PowerShell.dll-Help.xml') {
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

function Invoke-Publish {
    # The staged module as it is (this run's Stage, or a staging now), through PSResourceGet's own manifest checks.
    if ($Task -notcontains 'Stage') { Invoke-Stage }
    try {
        Import-Module -Name Microsoft.PowerShell.PSResourceGet -ErrorAction Stop
    }
    catch {
        throw "Publish needs the Microsoft.PowerShell.PSResourceGet module (part of PowerShell 7.4 and later; in Windows PowerShell: Install-Module Microsoft.PowerShell.PSResourceGet). $($_.Exception.Message)"
    }
    $publish = @{ Path = $stagedModule; Repository = $Repository; ErrorAction = 'Stop' }
    if ($NuGetApiKey) { $publish['ApiKey'] = $NuGetApiKey }
    Write-Step "Publishing Imagen $moduleVersion to the repository '$Repository'"
    Publish-PSResource @publish
    Write-Step "Published Imagen $moduleVersion to '$Repository'" -Color Green
}

function Get-NuGetPackageFolder {
    # Where NuGet restored the packages (NUGET_PACKAGES, nuget.config or ~/.nuget/packages): dotnet knows.
    $line = @(@(& dotnet nuget locals global-packages --list) | Where-Object { $_ -like 'global-packages:*' })
    if ($line.Count -eq 0) { throw "'dotnet nuget locals global-packages --list' did not name the NuGet packages folder." }
    $line[0].Substring('global-packages:'.Length).Trim()
}

function Get-PesterRunner {
    param([string] $PackageFolder)
    <#
    The program that runs tests/Pester: Windows PowerShell runs them in Windows PowerShell; PowerShell 7 in the pwsh
    that .config/dotnet-tools.json pins (`dotnet tool restore` fetches it), so every machine tests in the same pwsh.
    #>
    if ($PSEdition -eq 'Desktop') {
        return [pscustomobject]@{ FilePath = [System.Diagnostics.Process]::GetCurrentProcess().MainModule.FileName; ArgumentList = @() }
    }
    $toolManifest = [System.IO.Path]::Combine($repositoryRoot, '.config', 'dotnet-tools.json')
    Invoke-Native dotnet @('tool', 'restore', '--tool-manifest', $toolManifest)
    $version = [System.Text.Json.JsonDocument]::Parse([System.IO.File]::ReadAllText($toolManifest)).RootElement.GetProperty('tools').GetProperty('powershell').GetProperty('version').GetString()
    # What `dotnet pwsh` runs: the entry point the tool package names (a shim that starts this platform's pwsh).
    $settings = [System.IO.Directory]::GetFiles([System.IO.Path]::Combine($PackageFolder, 'powershell', $version, 'tools'), 'DotnetToolSettings.xml', 'AllDirectories')
    if ($settings.Count -eq 0) { throw "pwsh $version is not in '$PackageFolder' after 'dotnet tool restore'." }
    $entryPoint = ([xml][System.IO.File]::ReadAllText($settings[0])).DotNetCliTool.Commands.Command.EntryPoint
    [pscustomobject]@{ FilePath = 'dotnet'; ArgumentList = @([System.IO.Path]::Combine([System.IO.Path]::GetDirectoryName($settings[0]), $entryPoint)) }
}

function Invoke-Test {
    # Every test project of the solution (xUnit), then every tests/Pester/*.Tests.ps1 in a real PowerShell process.
    # Both always run, and both write results into $ResultsPath (.trx files and Pester.xml, NUnit) for CI to count.
    if (-not $ResultsPath) { $ResultsPath = [System.IO.Path]::Combine($repositoryRoot, 'TestResults') }
    $ResultsPath = [System.IO.Path]::GetFullPath($ResultsPath)
    $null = [System.IO.Directory]::CreateDirectory($ResultsPath)
    $failures = @()

    # A test that hangs is killed after five minutes and counted as failed, so the run ends instead of running out its time.
    $testArguments = @('test', $solution, '-c', $Configuration, '--nologo', '--logger', 'trx', '--results-directory', $ResultsPath,
        '--blame-hang-timeout', '5m', '--blame-hang-dump-type', 'none')
    if ($Task -contains 'Build') { $testArguments += '--no-build' }
    try { Invoke-Native dotnet $testArguments } catch { $failures += 'xUnit' }

    # Pester 5.9.1 from NuGet: the PowerShell test project downloads the package (PackageDownload), module in tools/.
    $packageFolder = Get-NuGetPackageFolder
    $pester = [System.IO.Path]::Combine($packageFolder, 'pester', '5.9.1', 'tools', 'Pester.psd1')
    if (-not [System.IO.File]::Exists($pester)) {
        Invoke-Native dotnet @('restore', [System.IO.Path]::Combine($repositoryRoot, 'tests', 'Imagen.PowerShell.Tests'), '--nologo', '-v', 'quiet')
    }
    # The Pester tests import the module named here: the staged copy when this run staged it, else the repository root.
    $moduleUnderTest = if ($Task -contains 'Stage') { $stagedManifest } else { $manifestPath }
    $runner = Get-PesterRunner -PackageFolder $packageFolder
    $pesterArguments = $runner.ArgumentList + @('-NoProfile', '-NonInteractive', '-File', [System.IO.Path]::Combine($repositoryRoot, 'tests', 'Pester', 'Invoke-PesterSuite.ps1'),
        '-PesterPath', $pester, '-ModulePath', $moduleUnderTest, '-Configuration', $Configuration,
        '-ResultsFile', [System.IO.Path]::Combine($ResultsPath, 'Pester.xml'))
    try { Invoke-Native $runner.FilePath $pesterArguments } catch { $failures += 'Pester' }

    if ($failures.Count -gt 0) {
        throw "Tests failed: $($failures -join ' and '). Results: $ResultsPath"
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
foreach ($step in 'Build', 'Stage', 'Test', 'Publish', 'Demo') {
    if ($Task -contains $step) {
        Write-Step "=== $step ==="
        & "Invoke-$step"
    }
}
