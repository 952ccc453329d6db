# Shared by the Pester tests: imports the module under test and runs the local emulator as a separate process.
# Dot-source it inside BeforeAll:  . $PSScriptRoot/Imagen.TestHelpers.ps1

$script:RepositoryRoot = (Resolve-Path -LiteralPath (Join-Path $PSScriptRoot '../..')).Path

function Import-ImagenModuleUnderTest {
    # build.ps1 points IMAGEN_TEST_MODULE at the staged module; otherwise test the repository root's manifest.
    $manifest = if ($env:IMAGEN_TEST_MODULE) { $env:IMAGEN_TEST_MODULE } else { Join-Path $script:RepositoryRoot 'Imagen.psd1' }
    Import-Module -Name $manifest -Force -ErrorAction Stop
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

    $baseUrl = "http://127.0.0.1:$port/v1"
    Add-Type -AssemblyName System.Net.Http
    $client = [System.Net.Http.HttpClient]::new()
    try {
        $deadline = [DateTime]::UtcNow.AddSeconds(30)
        while ($true) {
            if ($process.HasExited) { throw "The emulator exited at once: $($process.StandardError.ReadToEnd())" }
            try {
                $response = $client.GetAsync("$baseUrl/profiles").GetAwaiter().GetResult()
                if ([int]$response.StatusCode -eq 401) { break }
            }
            catch [System.Net.Http.HttpRequestException] { }
            catch [System.Management.Automation.MethodInvocationException] { }
            if ([DateTime]::UtcNow -gt $deadline) { throw "The emulator did not answer on $baseUrl within 30 seconds." }
            Start-Sleep -Milliseconds 200
        }
    }
    finally {
        $client.Dispose()
    }

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
    $padding = if ($Format -in 'Text', 'Empty') { 0 } else { 200 }
    $bytes = [byte[]]::new($header.Length + $padding)
    [Array]::Copy($header, $bytes, $header.Length)
    $directory = Split-Path -Path $Path -Parent
    if ($directory -and -not (Test-Path -LiteralPath $directory)) { $null = New-Item -ItemType Directory -Path $directory }
    [System.IO.File]::WriteAllBytes($Path, $bytes)
    Get-Item -LiteralPath $Path
}
