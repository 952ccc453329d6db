#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }

# Issue 17 point 7: every example of every cmdlet's help runs, as Get-Help shows it, against a fresh emulator.
# The harness only sets the stage the example's sentence describes: a connected session, the variables examples use
# ($id, $project, $result, $edit, $key, $keyText, $studioKey), the project $id stands for, and a D: drive and a
# current folder holding the shoots the examples name (D:\Shoots\Smith\*.cr2, D:\Listings\12_Elm_St\*.jpg, ...).
# The example's own text is what runs, with $ErrorActionPreference = 'Stop': any error fails it.

Describe 'The help examples' {
    BeforeDiscovery {
        . $PSScriptRoot/Imagen.TestHelpers.ps1
        Import-ImagenModuleUnderTest
        $script:ExampleCases = foreach ($name in (Get-Module Imagen).ExportedCmdlets.Keys | Sort-Object) {
            $number = 0
            foreach ($example in @((Get-Help -Name $name).examples.example)) {
                $number++
                @{ Command = $name; Number = $number; Code = "$($example.code)".Trim() }
            }
        }
    }

    BeforeAll {
        . $PSScriptRoot/Imagen.TestHelpers.ps1
        Import-ImagenModuleUnderTest

        <#
        The stage each example needs beyond the base one, by "<Command> #<example number>". An example that is not listed
        runs on the base stage (connected, shoots on D: and in the current folder, no project yet). Keep this table in
        step with the examples: a key that names no example fails the first test below.
            Edited          $result/$id: D:\Shoots\Smith (IMG_0001.cr2...) edited and exported as project Smith_Wedding
            EditedAndSaved  the same, and its results saved once beside the originals
            EditedOnly      the same shoot edited as Smith_Wedding, not exported
            Uploaded        $id: Smith_Wedding with the shoot uploaded, not edited
            NewProject      $project/$id: an empty project Smith_Wedding
            Jpeg            $edit/$id: D:\Shoots\Party (DSC_0001.jpg...) edited and exported with the JPEG profile 29132
            SmartEdited     $id: D:\Listings\12_Elm_St (shot_01.jpg...) Smart Edited as 12_Elm_St
            SmartUploaded   $id: a Smart Editing project 12_Elm_St with those JPEGs uploaded, not started
            RealEstate      a project 12_Elm_St with RAW photos uploaded, not edited
            Damaged         a run record 20261205-010000-1a2b3c4d that cannot be read, set aside by Get-ImagenRun
        #>
        $script:Stages = @{
            'Complete-ImagenProject #1' = 'Jpeg'
            'Complete-ImagenProject #2' = 'Jpeg'
            'Get-ImagenAiTool #1' = 'Jpeg'
            'Get-ImagenAiTool #2' = 'SmartEdited'
            'Get-ImagenDownloadLink #1' = 'Edited'
            'Get-ImagenDownloadLink #2' = 'Edited'
            'Get-ImagenDownloadLink #3' = 'Edited'
            'Get-ImagenDownloadLink #4' = 'SmartEdited'
            'Get-ImagenEditStatus #1' = 'Edited'
            'Get-ImagenExportStatus #2' = 'Edited'
            'Get-ImagenProject #1' = 'Edited'
            'Get-ImagenProject #2' = 'Edited'
            'Get-ImagenProject #3' = 'Edited'
            'Get-ImagenProject #4' = 'SmartEdited'
            'Get-ImagenRun #1' = 'Edited'
            'Get-ImagenRun #2' = 'Edited'
            'Get-ImagenUploadLink #2' = 'Edited'
            'Invoke-ImagenCopilot #1' = 'Jpeg'
            'Invoke-ImagenCopilot #2' = 'Jpeg'
            'Invoke-ImagenEnhancement #1' = 'Jpeg'
            'Invoke-ImagenEnhancement #2' = 'Jpeg'
            'Remove-ImagenRun #1' = 'Edited'
            'Remove-ImagenRun #2' = 'Edited'
            'Remove-ImagenRun #3' = 'Damaged'
            'Reset-ImagenCopilot #1' = 'Jpeg'
            'Reset-ImagenCopilot #2' = 'Jpeg'
            'Save-ImagenResult #2' = 'Edited'
            'Save-ImagenResult #3' = 'Edited'
            'Save-ImagenResult #4' = 'Jpeg'
            'Save-ImagenResult #5' = 'Edited'
            'Save-ImagenResult #6' = 'EditedAndSaved'
            'Send-ImagenFile #1' = 'NewProject'
            'Send-ImagenFile #2' = 'NewProject'
            'Send-ImagenFile #3' = 'NewProject'
            'Start-ImagenEdit #1' = 'Uploaded'
            'Start-ImagenEdit #2' = 'RealEstate'
            'Start-ImagenExport #1' = 'EditedOnly'
            'Start-ImagenExport #2' = 'EditedOnly'
            'Start-ImagenSmartEdit #2' = 'SmartUploaded'
            'Wait-ImagenEdit #1' = 'Uploaded'
            'Wait-ImagenEdit #2' = 'Edited'
            'Wait-ImagenExport #1' = 'EditedOnly'
            'Wait-ImagenExport #2' = 'Edited'
            'Wait-ImagenSmartEdit #1' = 'SmartUploaded'
            'Wait-ImagenSmartEdit #2' = 'SmartEdited'
        }

        # Examples that fail until another branch's fix is merged, with what they wait for. A listed example that passes
        # fails its test, so the entry goes once the fix is in.
        $script:KnownFailures = @{}

        # One set of sample photos for every example, copied and renamed into each example's own folders.
        $script:Samples = Join-Path $TestDrive 'samples'
        foreach ($kind in 'raw', 'jpeg') {
            & dotnet (Get-ImagenEmulatorAssembly) --generate-samples (Join-Path $script:Samples $kind) --count 9 --kind $kind --seed 17 | Out-Null
            if ($LASTEXITCODE -ne 0) { throw "Could not generate the $kind samples." }
        }

        function Copy-Sample {
            # Copies the samples matching -Filter into -Destination, named by -Name ({0} is 1, 2, ...).
            param([string] $Kind, [string] $Filter, [string] $Destination, [string] $Name, [int] $Count)
            $null = New-Item -ItemType Directory -Path $Destination -Force
            $sources = @(Get-ChildItem -LiteralPath (Join-Path $script:Samples $Kind) -Filter $Filter | Sort-Object Name | Select-Object -First $Count)
            if ($sources.Count -lt $Count) { throw "Only $($sources.Count) samples match $Filter." }
            for ($i = 0; $i -lt $Count; $i++) {
                Copy-Item -LiteralPath $sources[$i].FullName -Destination (Join-Path $Destination ($Name -f ($i + 1)))
            }
        }

        function New-ExampleStage {
            # The folders every example may name, under -Root (which the example sees as D:\) and -Here (its current folder).
            param([string] $Root, [string] $Here)
            Copy-Sample -Kind raw -Filter *.cr2 -Destination (Join-Path $Root 'Shoots/Smith') -Name 'IMG_{0:0000}.cr2' -Count 3
            Copy-Sample -Kind raw -Filter *.cr2 -Destination (Join-Path $Root 'Shoots') -Name 'IMG[{0}].cr2' -Count 1
            Copy-Sample -Kind jpeg -Filter *.jpg -Destination (Join-Path $Root 'Shoots/Party') -Name 'DSC_{0:0000}.jpg' -Count 3
            Copy-Sample -Kind jpeg -Filter *.jpg -Destination (Join-Path $Root 'Listings/12_Elm_St') -Name 'shot_{0:00}.jpg' -Count 5
            Copy-Sample -Kind raw -Filter *.nef -Destination (Join-Path $Root 'Shoot') -Name 'DSC_{0:0000}.nef' -Count 2
            Copy-Sample -Kind jpeg -Filter *.jpg -Destination (Join-Path $Root 'Shoot') -Name 'IMG_{0:0000}.jpg' -Count 1
            Copy-Sample -Kind jpeg -Filter *.jpg -Destination $Here -Name 'shot_{0:00}.jpg' -Count 5
            Copy-Sample -Kind raw -Filter *.cr2 -Destination $Here -Name 'IMG_{0:0000}.cr2' -Count 2
            Copy-Sample -Kind raw -Filter *.dng -Destination $Here -Name 'L100{0:0000}.dng' -Count 2
            $null = New-Item -ItemType Directory -Path (Join-Path $Root 'Logs')
        }

        function Set-ExampleStage {
            # Makes the project an example works on; returns the variables it defines.
            param([string] $Stage, [string] $Root)
            $smith = Join-Path $Root 'Shoots/Smith/*.cr2'
            switch ($Stage) {
                { $_ -in 'Edited', 'EditedAndSaved' } {
                    $result = Get-ChildItem $smith | Invoke-ImagenEdit -ProfileKey 5700 -ProjectName Smith_Wedding -Export
                    if ($Stage -eq 'EditedAndSaved') { $null = $result | Save-ImagenResult }
                    @{ result = $result; id = $result.ProjectId }
                }
                'EditedOnly' {
                    $result = Get-ChildItem $smith | Invoke-ImagenEdit -ProfileKey 5700 -ProjectName Smith_Wedding
                    @{ result = $result; id = $result.ProjectId }
                }
                'Uploaded' {
                    $project = New-ImagenProject -Name Smith_Wedding
                    $null = Get-ChildItem $smith | Send-ImagenFile -ProjectId $project.ProjectId
                    @{ project = $project; id = $project.ProjectId }
                }
                'NewProject' {
                    $project = New-ImagenProject -Name Smith_Wedding
                    @{ project = $project; id = $project.ProjectId }
                }
                'Jpeg' {
                    # Copilot, AI tools and finalize work on an exported project.
                    $edit = Get-ChildItem (Join-Path $Root 'Shoots/Party/*.jpg') | Invoke-ImagenEdit -ProfileKey 29132 -ProjectName Party -Export
                    @{ edit = $edit; id = $edit.ProjectId }
                }
                'SmartEdited' {
                    $smart = Get-ChildItem (Join-Path $Root 'Listings/12_Elm_St/*.jpg') | Invoke-ImagenSmartEdit -Name 12_Elm_St
                    @{ id = $smart.ProjectId }
                }
                'SmartUploaded' {
                    $project = New-ImagenProject -SmartEdit -Name 12_Elm_St
                    $null = Get-ChildItem (Join-Path $Root 'Listings/12_Elm_St/*.jpg') | Send-ImagenFile -ProjectId $project.ProjectId -SmartEdit
                    @{ project = $project; id = $project.ProjectId }
                }
                'RealEstate' {
                    $project = New-ImagenProject -Name 12_Elm_St
                    $null = Get-ChildItem $smith | Send-ImagenFile -ProjectId $project.ProjectId
                    @{ project = $project; id = $project.ProjectId }
                }
                'Damaged' {
                    # A run record that cannot be read: Get-ImagenRun sets it aside and names its run id.
                    $folder = New-Item -ItemType Directory -Path (Join-Path $env:IMAGEN_RUN_PATH '20261205-010000-1a2b3c4d') -Force
                    Set-Content -LiteralPath (Join-Path $folder 'run.json') -Value '{ "runId": "20261205-010000-1a2b3c4d", '
                    $null = Get-ImagenRun -WarningAction SilentlyContinue
                    @{}
                }
                default { throw "No stage '$Stage'." }
            }
        }
    }

    Describe 'The examples in the help' {
        It 'are all known to the harness: every stage it sets names an existing example' {
            $examples = @($ExampleCases | ForEach-Object { "$($_.Command) #$($_.Number)" })
            @(@($script:Stages.Keys) + @($script:KnownFailures.Keys) | Where-Object { $examples -notcontains $_ }) | Should -BeNullOrEmpty
        }

        It 'use -Force only where the command would ask, or where -Force means more than not asking' {
            # Medium and Low impact commands do not ask under the default $ConfirmPreference (High), so a -Force there only
            # teaches a habit that skips the question a user who lowered $ConfirmPreference asked for.
            $forceMeansMore = @{
                'Save-ImagenResult' = 'replaces results it saved earlier'
            }
            $needless = foreach ($case in $ExampleCases) {
                $ast = [System.Management.Automation.Language.Parser]::ParseInput($case.Code, [ref]$null, [ref]$null)
                foreach ($call in $ast.FindAll({ param($node) $node -is [System.Management.Automation.Language.CommandAst] }, $true)) {
                    $name = $call.GetCommandName()
                    $parameters = @($call.CommandElements | Where-Object { $_ -is [System.Management.Automation.Language.CommandParameterAst] } | ForEach-Object ParameterName)
                    if ($parameters -notcontains 'Force') { continue }
                    $command = Get-Command -Name $name -Module Imagen -ErrorAction Ignore
                    if (-not $command) { continue }
                    $impact = $command.ImplementingType.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $true)[0].ConfirmImpact
                    # Invoke-ImagenEdit -NewProject always asks (the photos are billed again).
                    $asks = $impact -ge [System.Management.Automation.ConfirmImpact]::High -or ($name -eq 'Invoke-ImagenEdit' -and $parameters -contains 'NewProject')
                    if (-not $asks -and -not $forceMeansMore.ContainsKey($command.Name)) { "$($case.Command) #$($case.Number): $name -Force" }
                }
            }
            @($needless) | Should -BeNullOrEmpty
        }
    }

    Describe 'Example <Number> of <Command>' -ForEach $script:ExampleCases {
        BeforeAll {
            $script:Saved = @{}
            foreach ($name in 'IMAGEN_API_KEY', 'IMAGEN_BASE_URL', 'IMAGEN_RUN_PATH') {
                $script:Saved[$name] = [Environment]::GetEnvironmentVariable($name)
            }
            $script:SavedLocation = Get-Location
            $script:PortInUse = $null
            # The one example that names the emulator's address gets the emulator there (it is the README's address).
            $port = 0
            if ($Code -match '127\.0\.0\.1:(?<port>\d+)') {
                $port = [int]$Matches.port
                $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, $port)
                try { $listener.Start(); $listener.Stop() }
                catch { $script:PortInUse = "127.0.0.1:$port is in use by another program" }
            }
            $script:Emulator = if (-not $script:PortInUse) { Start-ImagenTestEmulator -Port $port }
        }

        AfterAll {
            if (Get-Command Disconnect-Imagen -ErrorAction Ignore) { Disconnect-Imagen }
            if ($script:Emulator) { Stop-ImagenTestEmulator -Emulator $script:Emulator }
            foreach ($name in $script:Saved.Keys) { [Environment]::SetEnvironmentVariable($name, $script:Saved[$name]) }
            Set-Location $script:SavedLocation
            $PSDefaultParameterValues.Remove('*-Imagen*:PollingIntervalSec')
        }

        It 'runs: <Code>' {
            if ($script:PortInUse) { Set-ItResult -Skipped -Because $script:PortInUse; return }

            $work = Join-Path $TestDrive "$Command-$Number"
            $root = Join-Path $work 'D'
            $here = Join-Path $work 'here'
            New-ExampleStage -Root $root -Here $here
            # D:\ is this example's folder; on Windows this shadows a real D: drive for the example alone. A PowerShell
            # that will not shadow it must not let the examples write to the real one.
            try { $null = New-PSDrive -Name D -PSProvider FileSystem -Root $root -Scope Local -ErrorAction Stop }
            catch { Set-ItResult -Skipped -Because "D: cannot be mapped to the example's folder here: $($_.Exception.Message)"; return }
            if ((Get-PSDrive -Name D).Root.TrimEnd('\', '/') -ne $root.TrimEnd('\', '/')) {
                Set-ItResult -Skipped -Because "D: still names another folder here ($((Get-PSDrive -Name D).Root))"
                return
            }
            Set-Location -LiteralPath $here

            # Connected to the emulator the way the examples assume, with its key in the forms they use.
            $env:IMAGEN_BASE_URL = $script:Emulator.BaseUrl
            $env:IMAGEN_RUN_PATH = Join-Path $work 'runs'
            Remove-Item Env:IMAGEN_API_KEY -ErrorAction Ignore
            $key = $studioKey = $script:Emulator.ApiKey
            $keyText = $script:Emulator.ApiKeyText
            Connect-Imagen -ApiKey $key -BaseUrl $script:Emulator.BaseUrl
            # The emulator edits in moments: check statuses every 0.2 s, not the service's 5 s.
            $PSDefaultParameterValues['*-Imagen*:PollingIntervalSec'] = 0.2
            $ProgressPreference = 'SilentlyContinue'
            # Stands in for the user typing the key at Read-Host -AsSecureString.
            function Read-Host { param([Parameter(Position = 0)] $Prompt, [switch] $AsSecureString) $key }

            $stage = $script:Stages["$Command #$Number"]
            if ($stage) {
                $variables = Set-ExampleStage -Stage $stage -Root $root
                foreach ($name in $variables.Keys) { Set-Variable -Name $name -Value $variables[$name] }
            }

            $example = [scriptblock]::Create($Code)
            $known = $script:KnownFailures["$Command #$Number"]
            $ErrorActionPreference = 'Stop'
            try {
                # Through the formatter too, as at a prompt: the output's views must render.
                $null = & $example 6>$null | Out-String -Width 80
            }
            catch {
                if (-not $known) { throw }
                Set-ItResult -Skipped -Because "it fails until $known ($($_.Exception.Message))"
                return
            }
            if ($known) { throw "This example passes now: remove it from the known failures ($known)." }

            # Paths in the examples went to this example's D: drive, not to a file named 'D:\...' in the current folder.
            @(Get-ChildItem -LiteralPath $here -Force | Where-Object Name -like 'D:*') | Should -BeNullOrEmpty
        }
    }
}
