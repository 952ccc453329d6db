# Shared by the Pester tests: imports the module under test and runs the local emulator as a separate process.
# Dot-source it inside BeforeAll:  . $PSScriptRoot/Imagen.TestHelpers.ps1

$script:RepositoryRoot = (Resolve-Path -LiteralPath (Join-Path $PSScriptRoot '../..')).Path

function Test-ImagenModuleStaged {
    # The staged module (build.ps1 Stage) has its cmdlets in lib/; the repository root loads them from src/.../bin.
    $module = Get-Module Imagen
    [bool]($module -and (Test-Path -LiteralPath (Join-Path $module.ModuleBase 'lib')))
}

function Import-ImagenModuleUnderTest {
    # build.ps1 points IMAGEN_TEST_MODULE at the staged module; otherwise test the repository root's manifest.
    $manifest = if ($env:IMAGEN_TEST_MODULE) { $env:IMAGEN_TEST_MODULE } else { Join-Path $script:RepositoryRoot 'Imagen.psd1' }
    Import-Module -Name $manifest -Force -ErrorAction Stop

    # Run records of the tests go to a folder of this test run, not the user's own (LocalApplicationData/Imagen/Runs).
    if (-not $env:IMAGEN_RUN_PATH) {
        $env:IMAGEN_RUN_PATH = Join-Path ([System.IO.Path]::GetTempPath()) "imagen-pester-runs-$PID"
    }
    # Shoot locks too, apart from the machine's shared lock folder; test photos are written a moment before each run,
    # so the quiet period is off unless a test sets it.
    if (-not $env:IMAGEN_LOCK_PATH) {
        $env:IMAGEN_LOCK_PATH = Join-Path ([System.IO.Path]::GetTempPath()) "imagen-pester-locks-$PID"
    }
    if ($null -eq $env:IMAGEN_QUIET_PERIOD_SEC) { $env:IMAGEN_QUIET_PERIOD_SEC = '0' }
}

function Use-ImagenTestRunStore {
    # A run store of its own for the next test: the store remembers shoots by their photos' names, sizes and bytes,
    # and the tests write the same sample photos (same seed) into different folders, which a shared store would take
    # for copies or moves of one another.
    $env:IMAGEN_RUN_PATH = Join-Path ([System.IO.Path]::GetTempPath()) ('imagen-pester-runs-' + [guid]::NewGuid().ToString('N').Substring(0, 8))
}

function Get-ImagenEmulatorAssembly {
    $configurations = if ($env:IMAGEN_TEST_CONFIGURATION) { @($env:IMAGEN_TEST_CONFIGURATION) } else { @('Release', 'Debug') }
    $candidates = foreach ($configuration in $configurations) {
        $path = Join-Path $script:RepositoryRoot "src/Imagen.Emulator/bin/$configuration/net10.0/Imagen.Emulator.dll"
        if (Test-Path -LiteralPath $path) { Get-Item -LiteralPath $path }
    }
    $newest = $candidates | Sort-Object LastWriteTimeUtc -Descending | Select-Object -First 1
    if (-not $newest) { throw "The emulator is not built. Run 'dotnet build ImagenPS.sln' first." }
    $newest.FullName
}

function Start-ImagenTestEmulator {
    <#
    .SYNOPSIS
        Starts the emulator on a free loopback port; returns an object with BaseUrl, ApiKey (SecureString),
        ApiKeyText and Process. Extra emulator switches go in -ArgumentList (e.g. '--envelope', 'bare').
    #>
    param([string[]] $ArgumentList = @())

    $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
    $listener.Start()
    $port = $listener.LocalEndpoint.Port
    $listener.Stop()

    $keyText = 'pester-' + [guid]::NewGuid().ToString('N')
    # ProcessStartInfo.Arguments (not ArgumentList) so that Windows PowerShell 5.1 runs this too.
    $arguments = @((Get-ImagenEmulatorAssembly), '--urls', "http://127.0.0.1:$port", '--api-key', $keyText) + $ArgumentList
    $startInfo = [System.Diagnostics.ProcessStartInfo]::new('dotnet')
    $startInfo.Arguments = ($arguments | ForEach-Object { '"' + $_ + '"' }) -join ' '
    $startInfo.UseShellExecute = $false
    $startInfo.RedirectStandardOutput = $true
    $startInfo.RedirectStandardError = $true
    $process = [System.Diagnostics.Process]::Start($startInfo)
    $errors = $process.StandardError.ReadToEndAsync()

    # The emulator prints "Imagen emulator listening on <url>" once it accepts requests. Waiting for that line instead
    # of probing a route keeps the emulator's request journal for the tests alone.
    $deadline = [DateTime]::UtcNow.AddSeconds(30)
    $ready = $false
    while (-not $ready) {
        $line = $process.StandardOutput.ReadLineAsync()
        if (-not $line.Wait([Math]::Max(0, ($deadline - [DateTime]::UtcNow).TotalMilliseconds)) -or $null -eq $line.Result) {
            if (-not $process.HasExited) { $process.Kill(); $null = $process.WaitForExit(5000) }
            throw "The emulator did not start within 30 seconds. $($errors.Result)"
        }
        $ready = $line.Result -like '*listening on*'
    }
    # Keep reading its output so a full pipe never blocks it.
    $null = $process.StandardOutput.ReadToEndAsync()
    $baseUrl = "http://127.0.0.1:$port/v1"

    $apiKey = [System.Security.SecureString]::new()
    foreach ($character in $keyText.ToCharArray()) { $apiKey.AppendChar($character) }
    $apiKey.MakeReadOnly()
    [pscustomobject]@{ BaseUrl = $baseUrl; ApiKey = $apiKey; ApiKeyText = $keyText; Process = $process }
}

function Stop-ImagenTestEmulator {
    param([Parameter(Mandatory)] $Emulator)
    if ($Emulator -and $Emulator.Process -and -not $Emulator.Process.HasExited) {
        $Emulator.Process.Kill()
        $Emulator.Process.WaitForExit(5000) | Out-Null
    }
}

function New-TestPhoto {
    <#
    .SYNOPSIS
        Writes a small file whose first bytes are those of the given format: Jpeg, TiffRaw, Cr2, Text, Empty or Png.
    #>
    param([Parameter(Mandatory)] [string] $Path, [Parameter(Mandatory)] [ValidateSet('Jpeg', 'TiffRaw', 'Cr2', 'Text', 'Empty', 'Png')] [string] $Format)

    [byte[]] $header = switch ($Format) {
        'Jpeg' { 0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 0x4A, 0x46, 0x49, 0x46, 0x00 }
        'TiffRaw' { 0x49, 0x49, 0x2A, 0x00, 0x08, 0x00, 0x00, 0x00 }
        'Cr2' { 0x49, 0x49, 0x2A, 0x00, 0x10, 0x00, 0x00, 0x00, 0x43, 0x52, 0x02, 0x00 }
        'Text' { [System.Text.Encoding]::UTF8.GetBytes("This is text, not a photo.`n") }
        'Empty' { @() }
        'Png' { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }
    }
    # An empty switch result is $null, not an empty array.
    if ($null -eq $header) { $header = [byte[]]::new(0) }
    $padding = if ($Format -in 'Text', 'Empty') { 0 } else { 200 }
    $bytes = [byte[]]::new($header.Length + $padding)
    [Array]::Copy($header, $bytes, $header.Length)
    $directory = Split-Path -Path $Path -Parent
    if ($directory -and -not (Test-Path -LiteralPath $directory)) { $null = New-Item -ItemType Directory -Path $directory }
    [System.IO.File]::WriteAllBytes($Path, $bytes)
    Get-Item -LiteralPath $Path
}

function Invoke-ImagenScheduledScript {
    <#
    .SYNOPSIS
        Runs a script file the way a scheduled task does: a new PowerShell process (this same pwsh or Windows
        PowerShell), -NoProfile -NonInteractive -File, stdin closed, the environment given (and no IMAGEN_* from this
        session). Returns ExitCode, Output and Errors; a process still running after -TimeoutSec is killed and fails.
    #>
    param(
        [Parameter(Mandatory)] [string] $ScriptPath,
        [string[]] $ArgumentList = @(),
        [hashtable] $Environment = @{},
        [int] $TimeoutSec = 120
    )

    # pwsh run as a .NET tool (`dotnet pwsh`) has pwsh.dll in $PSHOME and no pwsh executable of its own.
    $executable = @('pwsh.exe', 'pwsh', 'powershell.exe') | ForEach-Object { Join-Path $PSHOME $_ } |
        Where-Object { Test-Path -LiteralPath $_ -PathType Leaf } | Select-Object -First 1
    $prefix = @()
    if (-not $executable) { $executable = 'dotnet'; $prefix = @(Join-Path $PSHOME 'pwsh.dll') }

    $arguments = $prefix + @('-NoProfile', '-NonInteractive', '-File', $ScriptPath) + $ArgumentList
    $startInfo = [System.Diagnostics.ProcessStartInfo]::new($executable)
    # Arguments (not ArgumentList) so that Windows PowerShell 5.1 runs this too.
    $startInfo.Arguments = ($arguments | ForEach-Object { '"' + $_ + '"' }) -join ' '
    $startInfo.UseShellExecute = $false
    $startInfo.RedirectStandardInput = $true
    $startInfo.RedirectStandardOutput = $true
    $startInfo.RedirectStandardError = $true
    foreach ($name in @($startInfo.Environment.Keys)) { if ($name -like 'IMAGEN_*') { $null = $startInfo.Environment.Remove($name) } }
    # The test's run store and shoot locks, never the user's; photos written a moment ago are settled (no quiet period).
    $startInfo.Environment['IMAGEN_RUN_PATH'] = $env:IMAGEN_RUN_PATH
    $startInfo.Environment['IMAGEN_LOCK_PATH'] = $env:IMAGEN_LOCK_PATH
    $startInfo.Environment['IMAGEN_QUIET_PERIOD_SEC'] = '0'
    foreach ($name in $Environment.Keys) { $startInfo.Environment[$name] = [string]$Environment[$name] }

    $process = [System.Diagnostics.Process]::Start($startInfo)
    try {
        $process.StandardInput.Close()
        $output = $process.StandardOutput.ReadToEndAsync()
        $errors = $process.StandardError.ReadToEndAsync()
        if (-not $process.WaitForExit($TimeoutSec * 1000)) {
            $process.Kill()
            throw "$ScriptPath did not finish within $TimeoutSec seconds (a scheduled task would hang). Output: $($output.Result)"
        }
        $process.WaitForExit()
        [pscustomobject]@{ ExitCode = $process.ExitCode; Output = $output.Result; Errors = $errors.Result }
    }
    finally {
        $process.Dispose()
    }
}
