#Requires -Version 5.1
<#
.SYNOPSIS
    Builds the Imagen module, stages a distributable copy, runs the tests, and runs a demo against the local emulator.

.DESCRIPTION
    Tasks, run in this order when several are named:
      Build  dotnet build ImagenPS.sln -c <Configuration>
      Stage  writes out/Imagen/<version>/: Imagen.psd1, Imagen.psm1, the format file, about help, and the compiled
             cmdlets in lib/net472 (Windows PowerShell 5.1) and lib/net8.0 (PowerShell 7), with every third-party
             assembly in lib/<framework>/dependencies/. Copy that Imagen folder into a folder of $env:PSModulePath.
      Test   dotnet test ImagenPS.sln, then the Pester tests in tests/Pester when Pester 5 is installed.
      Demo   starts the emulator on 127.0.0.1, generates sample photos, imports the staged module and runs the main
             job: list profiles, check the files against profile 5700, and (when the workflow cmdlets are present)
             edit them and save the results.
    The default is Build, Stage, Test.

.EXAMPLE
    ./build.ps1
    Builds, stages out/Imagen/<version>/ and runs every test.

.EXAMPLE
    ./build.ps1 -Task Build, Stage, Demo
    Builds, stages, and runs the main job against the local emulator.
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Stage', 'Test', 'Demo')]
    [string[]] $Task = @('Build', 'Stage', 'Test'),

    [ValidateSet('Release', 'Debug')]
    [string] $Configuration = 'Release',

    # Where the staged module goes (out/Imagen/<version>/ by default).
    [string] $OutputPath = (Join-Path $PSScriptRoot 'out'),

    # Shorthand for adding the Demo task.
    [switch] $Demo,

    # Number of sample photos the demo generates.
    [ValidateRange(1, 500)]
    [int] $SampleCount = 6,

    # Port of the emulator the demo starts (0: any free port).
    [ValidateRange(0, 65535)]
    [int] $Port = 0
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0

$solution = Join-Path $PSScriptRoot 'ImagenPS.sln'
$manifestPath = Join-Path $PSScriptRoot 'Imagen.psd1'
$cmdletProject = Join-Path $PSScriptRoot 'src/Imagen.PowerShell'
$emulatorProject = Join-Path $PSScriptRoot 'src/Imagen.Emulator'
$frameworks = @('net472', 'net8.0')
# The assemblies that form the module itself; everything else a build copies is a third-party dependency.
$moduleAssemblies = @('Imagen.PowerShell', 'Imagen.Core')

if ($Demo -and $Task -notcontains 'Demo') { $Task += 'Demo' }
$moduleVersion = (Import-PowerShellDataFile -Path $manifestPath).ModuleVersion
$stagedModule = Join-Path $OutputPath "Imagen/$moduleVersion"

function Invoke-Native {
    # Runs a program and stops the build when it fails (native programs do not throw).
    param([string] $FilePath, [string[]] $ArgumentList)
    Write-Host "> $FilePath $($ArgumentList -join ' ')" -ForegroundColor DarkGray
    & $FilePath @ArgumentList
    if ($LASTEXITCODE -ne 0) {
        throw "'$FilePath $($ArgumentList -join ' ')' failed with exit code $LASTEXITCODE."
    }
}

function Invoke-Build {
    Invoke-Native dotnet @('build', $solution, '-c', $Configuration, '--nologo')
}

function Invoke-Stage {
    if (Test-Path -LiteralPath $stagedModule) {
        Remove-Item -LiteralPath $stagedModule -Recurse -Force
    }
    $null = New-Item -ItemType Directory -Path $stagedModule -Force

    # The manifest at the repository root points at the format file inside src/; the staged one has it beside itself.
    $manifest = Get-Content -LiteralPath $manifestPath -Raw
    $manifest = $manifest.Replace("'src/Imagen.PowerShell/Imagen.Format.ps1xml'", "'Imagen.Format.ps1xml'")
    Set-Content -LiteralPath (Join-Path $stagedModule 'Imagen.psd1') -Value $manifest -Encoding UTF8 -NoNewline
    Copy-Item -LiteralPath (Join-Path $PSScriptRoot 'Imagen.psm1') -Destination $stagedModule
    Copy-Item -LiteralPath (Join-Path $cmdletProject 'Imagen.Format.ps1xml') -Destination $stagedModule
    Copy-Item -LiteralPath (Join-Path $cmdletProject 'en-US') -Destination $stagedModule -Recurse

    foreach ($framework in $frameworks) {
        $buildOutput = Join-Path $cmdletProject "bin/$Configuration/$framework"
        if (-not (Test-Path -LiteralPath (Join-Path $buildOutput 'Imagen.PowerShell.dll'))) {
            throw "No $Configuration build in '$buildOutput'. Run './build.ps1 -Task Build' first."
        }
        $lib = Join-Path $stagedModule "lib/$framework"
        $dependencies = Join-Path $lib 'dependencies'
        $null = New-Item -ItemType Directory -Path $dependencies -Force
        foreach ($file in Get-ChildItem -LiteralPath $buildOutput -File) {
            $isModuleFile = $moduleAssemblies -contains [System.IO.Path]::GetFileNameWithoutExtension($file.Name)
            if ($isModuleFile -and $file.Extension -in '.dll', '.pdb') {
                Copy-Item -LiteralPath $file.FullName -Destination $lib
            }
            elseif (-not $isModuleFile -and $file.Extension -eq '.dll' -and $file.Name -ne 'System.Management.Automation.dll') {
                Copy-Item -LiteralPath $file.FullName -Destination $dependencies
            }
        }
    }

    # Nothing but our own files in the module root: a check, so a change to the build cannot slip a dll in.
    $strays = @(Get-ChildItem -LiteralPath $stagedModule -File -Filter *.dll)
    if ($strays.Count -gt 0) {
        throw "Third-party assemblies ended up in the module root: $($strays.Name -join ', ')."
    }
    Write-Host "Staged the module in $stagedModule" -ForegroundColor Green
}

function Invoke-Test {
    Invoke-Native dotnet @('test', $solution, '-c', $Configuration, '--nologo')

    $pester = Get-Module -ListAvailable -Name Pester | Where-Object { $_.Version -ge [version]'5.0' } |
        Sort-Object Version -Descending | Select-Object -First 1
    if (-not $pester) {
        Write-Warning 'Pester 5 is not installed; skipping tests/Pester (Install-Module Pester -MinimumVersion 5.0).'
        return
    }
    Import-Module $pester -Force
    # The Pester tests import the module named here; the staged copy when there is one, else the repository root.
    $stagedManifest = Join-Path $stagedModule 'Imagen.psd1'
    $env:IMAGEN_TEST_MODULE = if (Test-Path -LiteralPath $stagedManifest) { $stagedManifest } else { $manifestPath }
    $env:IMAGEN_TEST_CONFIGURATION = $Configuration
    try {
        $configuration = New-PesterConfiguration
        $configuration.Run.Path = Join-Path $PSScriptRoot 'tests/Pester'
        $configuration.Run.PassThru = $true
        $configuration.Output.Verbosity = 'Detailed'
        $result = Invoke-Pester -Configuration $configuration
        if ($result.FailedCount -gt 0) {
            throw "$($result.FailedCount) Pester tests failed."
        }
    }
    finally {
        Remove-Item -Path Env:IMAGEN_TEST_MODULE, Env:IMAGEN_TEST_CONFIGURATION -ErrorAction Ignore
    }
}

function Get-FreeTcpPort {
    $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
    $listener.Start()
    try { $listener.LocalEndpoint.Port } finally { $listener.Stop() }
}

function Invoke-Demo {
    $stagedManifest = Join-Path $stagedModule 'Imagen.psd1'
    if (-not (Test-Path -LiteralPath $stagedManifest)) {
        throw "The module is not staged in '$stagedModule'. Run './build.ps1 -Task Build, Stage, Demo'."
    }
    $emulatorDll = Join-Path $emulatorProject "bin/$Configuration/net10.0/Imagen.Emulator.dll"
    if (-not (Test-Path -LiteralPath $emulatorDll)) {
        throw "The emulator is not built ('$emulatorDll' is missing). Run './build.ps1 -Task Build' first."
    }

    $work = Join-Path ([System.IO.Path]::GetTempPath()) "imagen-demo-$([guid]::NewGuid().ToString('N').Substring(0, 8))"
    $samples = Join-Path $work 'Shoot'
    $null = New-Item -ItemType Directory -Path $samples -Force
    Invoke-Native dotnet @($emulatorDll, '--generate-samples', $samples, '--count', "$SampleCount")

    # A throwaway key: the emulator accepts the one it is started with.
    $apiKeyText = [guid]::NewGuid().ToString('N')
    $demoPort = if ($Port -eq 0) { Get-FreeTcpPort } else { $Port }
    $baseUrl = "http://127.0.0.1:$demoPort/v1"
    $emulatorLog = Join-Path $work 'emulator.log'
    $emulator = Start-Process -FilePath 'dotnet' -PassThru -NoNewWindow `
        -ArgumentList @("`"$emulatorDll`"", '--urls', "http://127.0.0.1:$demoPort", '--api-key', $apiKeyText) `
        -RedirectStandardOutput $emulatorLog -RedirectStandardError "$emulatorLog.err"
    try {
        # Wait until the emulator answers (401 without a key means it is up).
        $deadline = [DateTime]::UtcNow.AddSeconds(30)
        $ready = $false
        while (-not $ready -and [DateTime]::UtcNow -lt $deadline) {
            if ($emulator.HasExited) { throw "The emulator stopped at once; see $emulatorLog." }
            try {
                $null = Invoke-WebRequest -Uri "$baseUrl/profiles" -UseBasicParsing -TimeoutSec 2
                $ready = $true
            }
            catch {
                $status = $null
                if ($_.Exception.PSObject.Properties['Response'] -and $_.Exception.Response) {
                    $status = [int]$_.Exception.Response.StatusCode
                }
                if ($status -eq 401) { $ready = $true } else { Start-Sleep -Milliseconds 250 }
            }
        }
        if (-not $ready) { throw "The emulator did not answer on $baseUrl within 30 seconds; see $emulatorLog." }

        Import-Module $stagedManifest -Force
        $apiKey = [System.Security.SecureString]::new()
        foreach ($character in $apiKeyText.ToCharArray()) { $apiKey.AppendChar($character) }
        $apiKey.MakeReadOnly()

        Write-Host "`n# Connect-Imagen -BaseUrl $baseUrl" -ForegroundColor Cyan
        Connect-Imagen -ApiKey $apiKey -BaseUrl $baseUrl -PassThru | Format-List | Out-Host

        Write-Host '# Get-ImagenProfile | Where-Object ImageType -eq RAW' -ForegroundColor Cyan
        Get-ImagenProfile | Where-Object ImageType -eq RAW | Format-Table | Out-Host

        $rawExtensions = (Get-ImagenSupportedFileType -Kind Raw).Extension
        $rawFiles = @(Get-ChildItem -LiteralPath $samples -File | Where-Object { $rawExtensions -contains $_.Extension.ToLowerInvariant() })
        Write-Host "# Get-ChildItem $samples (RAW files) | Test-ImagenProfileFiles -ProfileKey 5700 -Detailed" -ForegroundColor Cyan
        $rawFiles | Test-ImagenProfileFiles -ProfileKey 5700 -Detailed | Format-Table | Out-Host
        if (-not ($rawFiles | Test-ImagenProfileFiles -ProfileKey 5700)) {
            throw 'The sample RAW files do not pass Test-ImagenProfileFiles for profile 5700.'
        }

        if (Get-Command -Name Invoke-ImagenEdit, Save-ImagenResult -Module Imagen -ErrorAction Ignore) {
            Write-Host '# ... | Invoke-ImagenEdit -ProfileKey 5700 -PhotographyType WEDDING | Save-ImagenResult -PassThru' -ForegroundColor Cyan
            $rawFiles | Invoke-ImagenEdit -ProfileKey 5700 -PhotographyType WEDDING |
                Save-ImagenResult -PassThru | Format-Table Name, Length, DirectoryName | Out-Host
        }
        else {
            Write-Host 'The editing cmdlets (Invoke-ImagenEdit, Save-ImagenResult) are not in this build; the demo stops after the file check.' -ForegroundColor Yellow
        }
        Write-Host "Demo finished. Sample shoot: $samples" -ForegroundColor Green
    }
    finally {
        if (Get-Command -Name Disconnect-Imagen -ErrorAction Ignore) { Disconnect-Imagen }
        if (-not $emulator.HasExited) { $emulator.Kill() }
    }
}

$order = @('Build', 'Stage', 'Test', 'Demo')
foreach ($step in $order | Where-Object { $Task -contains $_ }) {
    Write-Host "=== $step ===" -ForegroundColor Cyan
    & "Invoke-$step"
}
