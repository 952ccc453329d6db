#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }

# Issue #8: what a PowerShell user met in a real pwsh and the engine hosted in xUnit did not show: file items from
# -PassThru, piped links, times, escaped wildcards, tab completion, the connection's report, messages, aliases,
# output types and help. Each test failed before its fix.

Describe 'Imagen in a real shell' {
    BeforeEach { Use-ImagenTestRunStore }

    BeforeAll {
        . $PSScriptRoot/Imagen.TestHelpers.ps1
        Import-ImagenModuleUnderTest
        $script:Emulator = Start-ImagenTestEmulator
        $script:SavedKey = $env:IMAGEN_API_KEY
        $script:SavedUrl = $env:IMAGEN_BASE_URL
        Connect-Imagen -ApiKey $script:Emulator.ApiKey -BaseUrl $script:Emulator.BaseUrl
        $PSDefaultParameterValues['*-Imagen*:PollingIntervalSec'] = 0.2

        function New-SampleShoot {
            param([string] $Name, [int] $Count = 3, [string] $Kind = 'raw')
            $folder = Join-Path $TestDrive $Name
            & dotnet (Get-ImagenEmulatorAssembly) --generate-samples $folder --count $Count --kind $Kind --seed 11 | Out-Null
            if ($LASTEXITCODE -ne 0) { throw "Could not generate the sample shoot $Name." }
            $folder
        }

        function Get-EmulatorJournal {
            param($Emulator = $script:Emulator)
            (Invoke-RestMethod -Uri (($Emulator.BaseUrl -replace '/v1$', '') + '/admin/journal')).entries
        }

        function Get-ProfileKeyCompletion {
            (TabExpansion2 -inputScript 'Invoke-ImagenEdit -ProfileKey ' -cursorColumn 30).CompletionMatches.CompletionText
        }

        # One edited and exported project that several tests read.
        $script:Shoot = New-SampleShoot -Name 'Shared' -Count 3 -Kind jpeg
        $script:Edited = Get-ChildItem $script:Shoot | Invoke-ImagenEdit -ProfileKey 29132 -Export -ErrorAction Stop
    }

    AfterAll {
        $PSDefaultParameterValues.Remove('*-Imagen*:PollingIntervalSec')
        Disconnect-Imagen
        $env:IMAGEN_API_KEY = $script:SavedKey
        $env:IMAGEN_BASE_URL = $script:SavedUrl
        Stop-ImagenTestEmulator -Emulator $script:Emulator
    }

    Context 'Save-ImagenResult' {
        It '-PassThru emits file items exactly as Get-Item does' {
            $out = Join-Path $TestDrive 'PassThru'
            $saved = @($script:Edited | Save-ImagenResult -Kind Edit -Path $out -PassThru -ErrorAction Stop)

            $saved | Should -HaveCount 3
            foreach ($file in $saved) {
                $file | Should -BeOfType ([System.IO.FileInfo])
                $item = Get-Item -LiteralPath $file.FullName
                $file.PSPath | Should -Be $item.PSPath
                $file.PSParentPath | Should -Be $item.PSParentPath
                $file.PSProvider.Name | Should -Be 'FileSystem'
                ($file | Format-Table | Out-String) | Should -Be ($item | Format-Table | Out-String)
            }
        }

        It 'saves exactly the piped links, each once' {
            $out = Join-Path $TestDrive 'OneLink'
            $links = @(Get-ImagenDownloadLink -ProjectId $script:Edited.ProjectId)
            $before = @(Get-EmulatorJournal).Count

            $one = @(Get-ImagenDownloadLink -ProjectId $script:Edited.ProjectId | Where-Object FileName -eq $links[0].FileName |
                    Save-ImagenResult -DestinationPath $out -PassThru -ErrorAction Stop)
            $two = @(Get-ImagenDownloadLink -ProjectId $script:Edited.ProjectId | Where-Object FileName -in $links[1].FileName, $links[2].FileName |
                    Save-ImagenResult -Path (Join-Path $TestDrive 'TwoLinks') -PassThru -ErrorAction Stop)

            $one.Name | Should -Be @($links[0].FileName)
            @($two.Name | Sort-Object) | Should -Be @($links[1].FileName, $links[2].FileName | Sort-Object)
            @(Get-EmulatorJournal | Select-Object -Skip $before | Where-Object route -eq 'storage.get') | Should -HaveCount 3
        }

        It 'saves edits and exports of a status piped from Wait-ImagenEdit (its Kind does not narrow the choice)' {
            $out = Join-Path $TestDrive 'FromStatus'

            $script:Edited | Wait-ImagenEdit | Save-ImagenResult -Path $out -ErrorAction Stop

            Get-ChildItem -LiteralPath $out -File | Should -HaveCount 3
            Get-ChildItem -LiteralPath (Join-Path $out 'Imagen Export') -Filter *.jpg | Should -HaveCount 3
        }
    }

    Context 'Progress' {
        It 'counts files of the whole job, moves the summary and closes each stage when it ends' {
            $shoot = New-SampleShoot -Name 'Progress' -Count 4 -Kind jpeg
            $ps = [powershell]::Create()
            try {
                $null = $ps.AddScript({
                    param($Manifest, $Url, $Key, $Shoot, $Out)
                    Import-Module $Manifest
                    Connect-Imagen -ApiKey $Key -BaseUrl $Url
                    $edited = Get-ChildItem $Shoot | Invoke-ImagenEdit -ProfileKey 29132 -PollingIntervalSec 0.2
                    $edited | Save-ImagenResult -Kind Edit -Path $Out -ThrottleLimit 1
                }).AddParameters(@{ Manifest = (Join-Path (Get-Module Imagen).ModuleBase 'Imagen.psd1'); Url = $script:Emulator.BaseUrl; Key = $script:Emulator.ApiKey; Shoot = $shoot; Out = (Join-Path $TestDrive 'ProgressOut') })
                $null = $ps.Invoke()
                $ps.Streams.Error | Should -BeNullOrEmpty
                $records = @($ps.Streams.Progress)

                # Saving: the download bar's percent is files done of all files, and the summary follows it.
                $downloading = @($records | Where-Object { $_.Activity -eq 'Downloading' -and $_.RecordType -ne 'Completed' })
                $downloading | Should -Not -BeNullOrEmpty
                $downloading | ForEach-Object { $_.PercentComplete | Should -BeIn 0, 25, 50, 75, 100 }
                $saving = @($records | Where-Object { $_.Activity -like 'Imagen: saving*' -and $_.RecordType -ne 'Completed' })
                ($saving.PercentComplete | Measure-Object -Maximum).Maximum | Should -BeGreaterThan 0

                # Editing: the upload bar is closed before the edit bar opens.
                $uploadBar = ($records | Where-Object Activity -eq 'Uploading' | Select-Object -First 1).ActivityId
                $firstEdit = [array]::FindIndex($records, [Predicate[object]] { param($r) $r.Activity -eq 'Editing' })
                $uploadClosed = [array]::FindIndex($records, [Predicate[object]] { param($r) $r.ActivityId -eq $uploadBar -and $r.RecordType -eq 'Completed' })
                $firstEdit | Should -BeGreaterThan 0
                $uploadClosed | Should -BeGreaterThan 0
                $uploadClosed | Should -BeLessThan $firstEdit

                foreach ($bar in $records | Group-Object ActivityId) {
                    $bar.Group[-1].RecordType | Should -Be 'Completed'
                }
            }
            finally {
                $ps.Dispose()
            }
        }
    }

    Context 'Values a script compares' {
        It 'gives project times as points in time that compare with Get-Date' {
            $project = Get-ImagenProject -ProjectId $script:Edited.ProjectId

            $project.CreatedAt | Should -BeOfType ([DateTimeOffset])
            (Get-ImagenProject | Where-Object CreatedAt -gt (Get-Date).AddDays(-1)).ProjectId | Should -Contain $project.ProjectId
            (Get-ImagenProject | Where-Object CreatedAt -lt (Get-Date).AddDays(-1)).ProjectId | Should -Not -Contain $project.ProjectId
        }

        It 'accepts an escaped wildcard in -Path, as Get-Item does' {
            $folder = New-Item -ItemType Directory -Path (Join-Path $TestDrive 'Brackets')
            $photo = New-TestPhoto -Path (Join-Path $folder 'IMG[1].cr2') -Format Cr2
            $escaped = Join-Path $folder 'IMG`[1`].cr2'
            (Get-Item -Path $escaped).FullName | Should -Be $photo.FullName

            Test-ImagenProfileFiles -Path $escaped -ProfileKey 5700 -ErrorVariable problems -ErrorAction SilentlyContinue | Should -BeTrue
            $problems | Should -BeNullOrEmpty
            (Test-ImagenProfileFiles -Path $escaped -ProfileKey 5700 -Detailed).Path | Should -Be $photo.FullName
        }
    }

    Context 'Tab completion of -ProfileKey' {
        BeforeEach {
            Disconnect-Imagen
            Remove-Item -Path Env:IMAGEN_API_KEY, Env:IMAGEN_BASE_URL -ErrorAction Ignore
        }

        AfterAll {
            Remove-Item -Path Env:IMAGEN_API_KEY, Env:IMAGEN_BASE_URL -ErrorAction Ignore
            Connect-Imagen -ApiKey $script:Emulator.ApiKey -BaseUrl $script:Emulator.BaseUrl
        }

        It 'asks the service once per session when the key comes from the environment' {
            $own = Start-ImagenTestEmulator
            try {
                $env:IMAGEN_API_KEY = $own.ApiKeyText
                $env:IMAGEN_BASE_URL = $own.BaseUrl

                # A Tab waits a second at most; a cold emulator may answer later, for the next Tab.
                $answers = foreach ($tab in 1..4) { , @(Get-ProfileKeyCompletion) }
                $answers[-1] | Should -Contain '5700'

                @(Get-EmulatorJournal -Emulator $own | Where-Object route -eq 'profiles') | Should -HaveCount 1
            }
            finally {
                Stop-ImagenTestEmulator -Emulator $own
            }
        }

        It 'makes one attempt, without retries, when the service fails' {
            $failing = Start-ImagenTestEmulator -ArgumentList '--fault', 'route=profiles,kind=503,times=20,retryAfter=0'
            try {
                $env:IMAGEN_API_KEY = $failing.ApiKeyText
                $env:IMAGEN_BASE_URL = $failing.BaseUrl

                Get-ProfileKeyCompletion | Should -BeNullOrEmpty
                # A cold emulator may answer after the Tab gave up: wait for the 503 to land, then Tab again.
                $deadline = [DateTime]::UtcNow.AddSeconds(30)
                while (@(Get-EmulatorJournal -Emulator $failing | Where-Object route -eq 'profiles').Count -eq 0 -and [DateTime]::UtcNow -lt $deadline) {
                    Start-Sleep -Milliseconds 200
                }
                Get-ProfileKeyCompletion | Should -BeNullOrEmpty
                # Retries would follow the first 503 within a few seconds; none may come.
                Start-Sleep -Seconds 3

                @(Get-EmulatorJournal -Emulator $failing | Where-Object route -eq 'profiles') | Should -HaveCount 1
            }
            finally {
                Stop-ImagenTestEmulator -Emulator $failing
            }
        }

        It 'gives up on a service that does not answer instead of blocking the prompt' {
            $slow = Start-ImagenTestEmulator -ArgumentList '--fault', 'route=profiles,kind=latency,latencyMs=20000'
            try {
                Connect-Imagen -ApiKey $slow.ApiKey -BaseUrl $slow.BaseUrl -SkipValidation
                $watch = [System.Diagnostics.Stopwatch]::StartNew()
                Get-ProfileKeyCompletion | Should -BeNullOrEmpty
                $watch.Stop()
                # It used to wait 10 s per attempt; a generous bound, not a measurement.
                $watch.Elapsed.TotalSeconds | Should -BeLessThan 5
            }
            finally {
                Disconnect-Imagen
                Stop-ImagenTestEmulator -Emulator $slow
            }
        }
    }

    Context 'The connection and the messages' {
        BeforeEach {
            Disconnect-Imagen
            Remove-Item -Path Env:IMAGEN_API_KEY, Env:IMAGEN_BASE_URL -ErrorAction Ignore
        }

        AfterAll {
            Remove-Item -Path Env:IMAGEN_API_KEY, Env:IMAGEN_BASE_URL -ErrorAction Ignore
            Connect-Imagen -ApiKey $script:Emulator.ApiKey -BaseUrl $script:Emulator.BaseUrl
        }

        It 'says the key came from IMAGEN_API_KEY when Connect-Imagen took it from there, and keeps the profile count' {
            $env:IMAGEN_API_KEY = $script:Emulator.ApiKeyText

            $connection = Connect-Imagen -BaseUrl $script:Emulator.BaseUrl -PassThru

            $connection.ApiKeySource | Should -Be 'Environment'
            $connection.BaseUrlSource | Should -Be 'Session'
            $connection.ProfileCount | Should -BeGreaterThan 0
            $later = Get-ImagenConnection
            $later.ApiKeySource | Should -Be 'Environment'
            $later.IsConnected | Should -BeTrue
            $later.ProfileCount | Should -Be $connection.ProfileCount
        }

        It 'writes the refused key message with single full stops' {
            $wrong = ConvertTo-SecureString 'not-the-key' -AsPlainText -Force
            $refusal = { Connect-Imagen -ApiKey $wrong -BaseUrl $script:Emulator.BaseUrl } | Should -Throw -PassThru
            $refusal.Exception.Message | Should -Match 'Invalid API key\. Check'
            $refusal.Exception.Message | Should -Not -Match '\.\.'
        }

        It 'explains a bad base URL without naming a C# parameter' {
            $refusal = { Connect-Imagen -ApiKey $script:Emulator.ApiKey -BaseUrl 'http://example.com/v1' -SkipValidation } | Should -Throw -PassThru
            $refusal.Exception.Message | Should -Match 'plain http'
            $refusal.Exception.Message | Should -Not -Match '\(Parameter'
            $refusal.Exception.Message | Should -Not -Match '\.\.'
        }

        It 'says a path of another provider is not a file system path, in plain English' {
            Connect-Imagen -ApiKey $script:Emulator.ApiKey -BaseUrl $script:Emulator.BaseUrl
            Test-ImagenProfileFiles -Path 'Env:PATH' -ProfileKey 5700 -ErrorVariable problems -ErrorAction SilentlyContinue | Out-Null
            $problems | Should -Not -BeNullOrEmpty
            "$($problems[0])" | Should -Match 'not a file system path'
            "$($problems[0])" | Should -Not -Match ' a Environment'
        }

        It 'refuses -CropAspectRatio without a crop mode before anything is created' {
            Connect-Imagen -ApiKey $script:Emulator.ApiKey -BaseUrl $script:Emulator.BaseUrl
            $shoot = New-SampleShoot -Name 'Ratio' -Count 2 -Kind raw
            $before = @(Get-EmulatorJournal).Count

            Get-ChildItem $shoot | Invoke-ImagenEdit -ProfileKey 5700 -CropAspectRatio 4X5 -ErrorVariable problems -ErrorAction SilentlyContinue |
                Should -BeNullOrEmpty

            ($problems.FullyQualifiedErrorId | ForEach-Object { ($_ -split ',')[0] }) | Should -Contain 'ImagenInvalidEditOption'
            @(Get-EmulatorJournal | Select-Object -Skip $before | Where-Object route -in 'projects.create', 'edit') | Should -HaveCount 0
        }
    }

    Context 'The module surface' {
        It 'answers to Test-ImagenProfileFile, keeping the cmdlet''s own name' {
            $alias = Get-Command Test-ImagenProfileFile
            $alias.CommandType | Should -Be 'Alias'
            $alias.ResolvedCommandName | Should -Be 'Test-ImagenProfileFiles'
            (Get-Module Imagen).ExportedAliases.Keys | Should -Contain 'Test-ImagenProfileFile'
        }

        It 'imports without a warning' {
            $manifest = Join-Path (Get-Module Imagen).ModuleBase 'Imagen.psd1'
            Import-Module $manifest -Force -WarningVariable warnings 3>$null
            $warnings | Should -BeNullOrEmpty
        }

        It 'emits only the types each cmdlet declares' {
            $outputs = @(
                @{ Command = 'Get-ImagenProfile'; Output = @(Get-ImagenProfile) }
                @{ Command = 'Get-ImagenProject'; Output = @(Get-ImagenProject -ProjectId $script:Edited.ProjectId) }
                @{ Command = 'Get-ImagenEditStatus'; Output = @($script:Edited | Get-ImagenEditStatus) }
                @{ Command = 'Get-ImagenExportStatus'; Output = @($script:Edited | Get-ImagenExportStatus) }
                @{ Command = 'Wait-ImagenEdit'; Output = @($script:Edited | Wait-ImagenEdit) }
                @{ Command = 'Get-ImagenDownloadLink'; Output = @($script:Edited | Get-ImagenDownloadLink) }
                @{ Command = 'Get-ImagenSkyTemplate'; Output = @(Get-ImagenSkyTemplate) }
                @{ Command = 'Get-ImagenSupportedFileType'; Output = @(Get-ImagenSupportedFileType) }
                @{ Command = 'Get-ImagenConnection'; Output = @(Get-ImagenConnection) }
                @{ Command = 'Test-ImagenProfileFiles'; Output = @(Get-ChildItem $script:Shoot -File | Test-ImagenProfileFiles -ProfileKey 29132) + @(Get-ChildItem $script:Shoot -File | Test-ImagenProfileFiles -ProfileKey 29132 -Detailed) }
                @{ Command = 'Save-ImagenResult'; Output = @($script:Edited | Save-ImagenResult -Kind Export -Path (Join-Path $TestDrive 'Types') -PassThru) }
                @{ Command = 'Disconnect-Imagen'; Output = @(Disconnect-Imagen) }
            )
            Connect-Imagen -ApiKey $script:Emulator.ApiKey -BaseUrl $script:Emulator.BaseUrl
            foreach ($case in $outputs) {
                $declared = @((Get-Command $case.Command).OutputType.Type)
                foreach ($object in $case.Output) {
                    $declared | Should -Contain $object.GetType() -Because "$($case.Command) emitted a $($object.GetType().FullName)"
                }
            }
            (Get-Command Disconnect-Imagen).OutputType | Should -BeNullOrEmpty -Because 'it emits nothing'
        }

        It 'has full help, with examples that say what they do, wherever it is imported' {
            foreach ($name in (Get-Module Imagen).ExportedCmdlets.Keys) {
                $help = Get-Help $name -Full
                "$($help.Synopsis)" | Should -Not -BeLike "$name *" -Because "$name needs a synopsis"
                $examples = @($help.examples.example)
                $examples.Count | Should -BeGreaterThan 0 -Because "$name needs an example"
                foreach ($example in $examples) {
                    ($example.remarks.Text -join ' ').Trim() | Should -Not -BeNullOrEmpty -Because "every example of $name says what it does"
                }
                foreach ($parameter in @($help.parameters.parameter | Where-Object { "$($_.name)" })) {
                    ($parameter.description.Text -join ' ').Trim() | Should -Not -BeNullOrEmpty -Because "$name -$($parameter.name) needs a description"
                }
            }
            foreach ($name in 'Invoke-ImagenEdit', 'Save-ImagenResult', 'Test-ImagenProfileFiles', 'Get-ImagenProfile') {
                @((Get-Help $name).examples.example).Count | Should -BeGreaterOrEqual 3 -Because "$name is used most"
            }
        }
    }
}
