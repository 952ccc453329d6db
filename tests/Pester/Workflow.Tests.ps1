#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }

# Issue #4: Invoke-ImagenEdit, Save-ImagenResult and the step cmdlets, as a photographer runs them, against the
# local emulator (a separate process). The emulator's admin routes tell what the module really sent.

Describe 'The editing workflow' {
    BeforeEach { Use-ImagenTestRunStore }

    BeforeAll {
        . $PSScriptRoot/Imagen.TestHelpers.ps1
        Import-ImagenModuleUnderTest
        $script:Emulator = Start-ImagenTestEmulator
        Connect-Imagen -ApiKey $script:Emulator.ApiKey -BaseUrl $script:Emulator.BaseUrl
        # The emulator edits in milliseconds: check every 200 ms instead of the production 5 s.
        $PSDefaultParameterValues['*-Imagen*:PollingIntervalSec'] = 0.2

        function New-SampleShoot {
            # The emulator writes realistic sample photos: RAW (.nef, .cr2, .dng in turn), jpeg or mixed.
            param([string] $Name, [int] $Count, [ValidateSet('raw', 'jpeg', 'mixed')] [string] $Kind)
            $folder = Join-Path $TestDrive $Name
            & dotnet (Get-ImagenEmulatorAssembly) --generate-samples $folder --count $Count --kind $Kind --seed 7 | Out-Null
            if ($LASTEXITCODE -ne 0) { throw "Could not generate the sample shoot $Name." }
            $folder
        }

        function Get-EmulatorJournal {
            param($Emulator = $script:Emulator)
            $root = $Emulator.BaseUrl -replace '/v1$', ''
            (Invoke-RestMethod -Uri "$root/admin/journal").entries
        }

        function Get-BillableEditCount {
            param($Emulator = $script:Emulator)
            $root = $Emulator.BaseUrl -replace '/v1$', ''
            (Invoke-RestMethod -Uri "$root/admin/billable-edits").total
        }

        $script:CreatingRoutes = 'projects.create', 'upload-links', 'storage.put', 'edit', 'export'
    }

    AfterAll {
        $PSDefaultParameterValues.Remove('*-Imagen*:PollingIntervalSec')
        Disconnect-Imagen
        Stop-ImagenTestEmulator -Emulator $script:Emulator
    }

    Context 'Invoke-ImagenEdit | Save-ImagenResult' {
        It 'writes XMP sidecars beside the RAW originals' {
            $shoot = New-SampleShoot -Name 'Smith' -Count 6 -Kind raw

            Get-ChildItem (Join-Path $shoot '*.cr2') |
                Invoke-ImagenEdit -ProfileKey 5700 -PhotographyType WEDDING -Crop -SmoothSkin |
                Save-ImagenResult -ErrorAction Stop

            $originals = Get-ChildItem (Join-Path $shoot '*.cr2')
            $originals.Count | Should -Be 2
            foreach ($original in $originals) {
                $sidecar = [IO.Path]::ChangeExtension($original.FullName, '.xmp')
                $sidecar | Should -Exist
                Get-Content -LiteralPath $sidecar -Raw | Should -Match 'crs:'
            }
            Get-ChildItem $shoot -Filter '*.imagen-partial' -Force | Should -BeNullOrEmpty
        }

        It 'returns one result per project that the next cmdlets bind by name' {
            $shoot = New-SampleShoot -Name 'Jones' -Count 3 -Kind raw

            $result = Get-ChildItem $shoot | Invoke-ImagenEdit -ProfileKey 5700 -PhotographyType PORTRAITS -PortraitCrop

            $result | Should -HaveCount 1
            $result.ProjectId | Should -Match '^[0-9a-f]{24}$'
            $result.ProjectName | Should -Match '^Jones \(3 photos, [0-9a-f]{10}\)$'
            $result.Shoot | Should -Be 'Jones'
            $result.EditedCount | Should -Be 3
            $result.EditStatus | Should -Be 'Completed'
            $result.UploadedCount | Should -Be 3
            $result.Files.Count | Should -Be 3
            ($result | Get-ImagenEditStatus).Status | Should -Be 'Completed'
        }

        It 'exports JPEGs for a JPG profile into folders beside the originals, leaving the originals untouched' {
            $shoot = New-SampleShoot -Name 'Garden' -Count 3 -Kind jpeg
            $hashes = Get-ChildItem $shoot | ForEach-Object { (Get-FileHash -LiteralPath $_.FullName).Hash }

            $saved = Get-ChildItem $shoot | Invoke-ImagenEdit -ProfileKey 29132 -Export | Save-ImagenResult -PassThru -ErrorAction Stop

            $saved | Should -HaveCount 6
            $saved | ForEach-Object { $_ | Should -BeOfType ([System.IO.FileInfo]) }
            Get-ChildItem (Join-Path $shoot 'Imagen Export') -Filter '*.jpg' | Should -HaveCount 3
            Get-ChildItem (Join-Path $shoot 'Imagen Edit') | Should -HaveCount 3
            (Get-ChildItem $shoot -File | ForEach-Object { (Get-FileHash -LiteralPath $_.FullName).Hash }) | Should -Be $hashes
        }

        It 'writes into -Path and leaves the shoot folder alone' {
            $shoot = New-SampleShoot -Name 'Lake' -Count 3 -Kind raw
            $out = Join-Path $TestDrive 'Lake edits'

            $saved = Get-ChildItem $shoot | Invoke-ImagenEdit -ProfileKey 14715 | Save-ImagenResult -Path $out -PassThru

            $saved | Should -HaveCount 3
            $saved.DirectoryName | Select-Object -Unique | Should -Be (Get-Item -LiteralPath $out).FullName
            Get-ChildItem $shoot -Filter '*.xmp' | Should -BeNullOrEmpty
        }

        It 'leaves files it did not write alone, reports them in one error, and counts identical results as saved' {
            $shoot = New-SampleShoot -Name 'Beach' -Count 2 -Kind raw
            $result = Get-ChildItem $shoot | Invoke-ImagenEdit -ProfileKey 5700
            $result | Save-ImagenResult
            $sidecars = Get-ChildItem $shoot -Filter '*.xmp'

            # Saved again over identical results: nothing to report.
            $result | Save-ImagenResult -ErrorVariable again -ErrorAction SilentlyContinue
            $again | Should -BeNullOrEmpty

            # Changed by the photographer: never replaced, not even with -Force, and reported once for all files.
            $sidecars | ForEach-Object { Set-Content -LiteralPath $_.FullName -Value 'my own edits' }
            $result | Save-ImagenResult -ErrorVariable problems -ErrorAction SilentlyContinue
            $problems | Should -HaveCount 1
            $problems[0].FullyQualifiedErrorId | Should -BeLike 'ImagenResultsDiffer*'
            $sidecars | ForEach-Object { $problems[0].Exception.Message | Should -BeLike "*$($_.Name)*" }
            $result | Save-ImagenResult -Force -ErrorAction SilentlyContinue
            $sidecars | ForEach-Object { Get-Content -LiteralPath $_.FullName | Should -Be 'my own edits' }
        }

        It 'shows a summary bar with child bars and completes every bar' {
            $shoot = New-SampleShoot -Name 'Stage' -Count 2 -Kind jpeg
            $ps = [powershell]::Create()
            try {
                $null = $ps.AddScript({
                    param($Manifest, $Url, $Key, $Shoot)
                    Import-Module $Manifest
                    Connect-Imagen -ApiKey $Key -BaseUrl $Url
                    Get-ChildItem $Shoot | Invoke-ImagenEdit -ProfileKey 29133 -Export | Save-ImagenResult
                }).AddParameters(@{ Manifest = (Join-Path (Get-Module Imagen).ModuleBase 'Imagen.psd1'); Url = $script:Emulator.BaseUrl; Key = $script:Emulator.ApiKey; Shoot = $shoot })
                $null = $ps.Invoke()
                $ps.Streams.Error | Should -BeNullOrEmpty
                $records = @($ps.Streams.Progress)
                ($records | Where-Object ParentActivityId -ge 0).Activity | Should -Contain 'Uploading'
                ($records | Where-Object ParentActivityId -ge 0).Activity | Should -Contain 'Editing'
                ($records | Where-Object ParentActivityId -ge 0).Activity | Should -Contain 'Exporting JPEGs'
                foreach ($bar in $records | Group-Object ActivityId) {
                    $bar.Group[-1].RecordType | Should -Be 'Completed'
                }
            }
            finally {
                $ps.Dispose()
            }
        }
    }

    Context 'Nothing is created when a check fails' {
        It 'refuses <Case> before anything reaches the server' -ForEach @(
            @{ Case = 'JPEGs with a RAW profile'; Kind = 'jpeg'; Edit = { param($s) Get-ChildItem $s | Invoke-ImagenEdit -ProfileKey 5700 }; ErrorId = 'ImagenFileTypeMismatch' }
            @{ Case = 'RAW files with a JPG profile'; Kind = 'raw'; Edit = { param($s) Get-ChildItem $s | Invoke-ImagenEdit -ProfileKey 29132 }; ErrorId = 'ImagenFileTypeMismatch' }
            @{ Case = 'RAW and JPEG mixed'; Kind = 'mixed'; Edit = { param($s) Get-ChildItem $s | Invoke-ImagenEdit -ProfileKey 5700 }; ErrorId = 'ImagenMixedFileTypes' }
            @{ Case = 'two crop modes'; Kind = 'raw'; Edit = { param($s) Get-ChildItem $s | Invoke-ImagenEdit -ProfileKey 5700 -Crop -HeadshotCrop }; ErrorId = 'ImagenConflictingEditOptions' }
            @{ Case = 'straighten with perspective correction'; Kind = 'raw'; Edit = { param($s) Get-ChildItem $s | Invoke-ImagenEdit -ProfileKey 5700 -Straighten -PerspectiveCorrection }; ErrorId = 'ImagenConflictingEditOptions' }
            @{ Case = 'a missing file'; Kind = 'raw'; Edit = { param($s) Invoke-ImagenEdit -LiteralPath (Join-Path $s 'missing.cr2') -ProfileKey 5700 }; ErrorId = 'ImagenFileNotFound' }
        ) {
            $shoot = New-SampleShoot -Name ('Refused' + [guid]::NewGuid().ToString('N').Substring(0, 6)) -Count 3 -Kind $Kind
            $before = @(Get-EmulatorJournal).Count

            $all = & $Edit $shoot 2>&1
            $problems = @($all | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] })
            $output = @($all | Where-Object { $_ -isnot [System.Management.Automation.ErrorRecord] })

            $output | Should -BeNullOrEmpty
            $problems.FullyQualifiedErrorId | ForEach-Object { ($_ -split ',')[0] } | Should -Contain $ErrorId
            @(Get-EmulatorJournal | Select-Object -Skip $before | Where-Object route -in $script:CreatingRoutes) | Should -HaveCount 0
        }

        It 'stops at an unknown profile with a terminating error, before anything reaches the server' {
            # One profile for the whole project: an unknown key leaves nothing to do, so the command stops (unlike
            # Get-ImagenProfile -ProfileKey, where an unknown key is one input's problem and non-terminating).
            $shoot = New-SampleShoot -Name 'UnknownProfile' -Count 2 -Kind raw
            $before = @(Get-EmulatorJournal).Count

            $refusal = { Get-ChildItem $shoot | Invoke-ImagenEdit -ProfileKey 999999 -ErrorAction SilentlyContinue } |
                Should -Throw -ErrorId 'ImagenProfileNotFound,*' -PassThru

            $refusal.CategoryInfo.Category | Should -Be 'ObjectNotFound'
            $refusal.TargetObject | Should -Be 999999
            $refusal.Exception.Message | Should -BeLike '*Get-ImagenProfile*'
            @(Get-EmulatorJournal | Select-Object -Skip $before | Where-Object route -in $script:CreatingRoutes) | Should -HaveCount 0
        }

        It 'refuses two photos whose results would share a name (two camera bodies, one stem), naming both' {
            $shoot = New-SampleShoot -Name 'Twins' -Count 2 -Kind raw
            $first = (Get-ChildItem $shoot)[0]
            Copy-Item -LiteralPath $first.FullName -Destination ([IO.Path]::ChangeExtension($first.FullName, '.arw'))
            $before = @(Get-EmulatorJournal).Count

            Get-Item $shoot | Invoke-ImagenEdit -ProfileKey 5700 -ErrorVariable problems -ErrorAction SilentlyContinue

            $problems.FullyQualifiedErrorId | Should -BeLike 'ImagenResultNamesCollide*'
            "$problems" | Should -BeLike "*$($first.BaseName).arw and $($first.Name)*"
            @(Get-EmulatorJournal | Select-Object -Skip $before | Where-Object route -in $script:CreatingRoutes) | Should -HaveCount 0
        }

        It 'sends nothing billable with -WhatIf' {
            $shoot = New-SampleShoot -Name 'WhatIf' -Count 2 -Kind raw
            $billed = Get-BillableEditCount
            $before = @(Get-EmulatorJournal).Count

            Get-ChildItem $shoot | Invoke-ImagenEdit -ProfileKey 5700 -WhatIf | Should -BeNullOrEmpty

            @(Get-EmulatorJournal | Select-Object -Skip $before | Where-Object route -in $script:CreatingRoutes) | Should -HaveCount 0
            Get-BillableEditCount | Should -Be $billed
        }
    }

    Context 'Step by step' {
        It 'creates, uploads, edits, waits, exports and saves through the pipeline' {
            $shoot = New-SampleShoot -Name 'Steps' -Count 3 -Kind raw
            $out = Join-Path $TestDrive 'delivery'
            $name = 'Steps_' + [guid]::NewGuid().ToString('N').Substring(0, 6)

            $project = New-ImagenProject -Name $name
            $upload = $project | Send-ImagenFile -Path (Join-Path $shoot '*')
            $edit = $upload | Start-ImagenEdit -ProfileKey 21427 -PhotographyType LANDSCAPE_NATURE -Straighten | Wait-ImagenEdit
            $export = $project | Start-ImagenExport | Wait-ImagenExport
            $project | Save-ImagenResult -Kind All -Path $out -ErrorAction Stop

            $upload.Succeeded | Should -Be 3
            $edit.Status | Should -Be 'Completed'
            $export.Status | Should -Be 'Completed'
            ($project | Get-ImagenDownloadLink -Kind Export) | Should -HaveCount 3
            (Get-ImagenProject -Name $name).ProjectId | Should -Be $project.ProjectId
            Get-ChildItem $out -File | Should -HaveCount 3
            Get-ChildItem (Join-Path $out 'Imagen Export') -Filter '*.jpg' | Should -HaveCount 3
        }
    }

    Context 'Resilience' {
        It 'finishes through injected 429s and 503s with exactly one billable edit' {
            $faulty = Start-ImagenTestEmulator -ArgumentList @(
                '--fault', 'route=upload-links,kind=429,times=1,retryAfter=1'
                '--fault', 'route=edit,kind=503,times=1,retryAfter=0'
                '--fault', 'route=edit.status,kind=503,times=2,retryAfter=0'
                '--fault', 'route=storage.put,kind=503,times=2,retryAfter=0'
            )
            try {
                $shoot = New-SampleShoot -Name 'Retry' -Count 3 -Kind raw
                Get-ChildItem $shoot | Invoke-ImagenEdit -ProfileKey 5700 -ApiKey $faulty.ApiKey -BaseUrl $faulty.BaseUrl |
                    Save-ImagenResult -ApiKey $faulty.ApiKey -BaseUrl $faulty.BaseUrl -ErrorAction Stop
                Get-BillableEditCount -Emulator $faulty | Should -Be 1
                (Get-EmulatorJournal -Emulator $faulty | Where-Object status -eq 429) | Should -Not -BeNullOrEmpty
            }
            finally {
                Stop-ImagenTestEmulator -Emulator $faulty
            }
        }

        It 'passes the emulator''s strict checks (empty Content-Type, no key on storage)' {
            $strict = Start-ImagenTestEmulator -ArgumentList '--strict'
            try {
                $shoot = New-SampleShoot -Name 'Strict' -Count 2 -Kind jpeg
                Get-ChildItem $shoot | Invoke-ImagenEdit -ProfileKey 29132 -Crop -ApiKey $strict.ApiKey -BaseUrl $strict.BaseUrl -ErrorAction Stop |
                    Save-ImagenResult -ApiKey $strict.ApiKey -BaseUrl $strict.BaseUrl -ErrorAction Stop
                $journal = Get-EmulatorJournal -Emulator $strict
                # The project's name is looked up before it is created (not there yet: 404); everything else succeeds.
            $journal | Where-Object { $_.status -ge 400 -and $_.route -ne 'projects.uuid' } | Should -BeNullOrEmpty
                $journal | Where-Object { $_.route -like 'storage.*' -and $_.headers.'x-api-key' } | Should -BeNullOrEmpty
            }
            finally {
                Stop-ImagenTestEmulator -Emulator $strict
            }
        }

        It 'refuses a tampered server''s file names that climb out of the shoot folder' {
            $tampered = Start-ImagenTestEmulator -ArgumentList '--fault', 'route=edit.links,kind=tamper-name'
            try {
                $shoot = New-SampleShoot -Name 'Tampered' -Count 2 -Kind raw
                # Earlier tests leave their sidecars in $TestDrive: only new ones would be this test's.
                $earlier = @(Get-ChildItem $TestDrive -Filter '*.xmp' -Recurse).FullName
                Get-ChildItem $shoot | Invoke-ImagenEdit -ProfileKey 5700 -ApiKey $tampered.ApiKey -BaseUrl $tampered.BaseUrl |
                    Save-ImagenResult -ApiKey $tampered.ApiKey -BaseUrl $tampered.BaseUrl -ErrorVariable problems -ErrorAction SilentlyContinue
                $problems | Should -HaveCount 2
                $problems | ForEach-Object { $_.FullyQualifiedErrorId | Should -BeLike 'ImagenUnsafeFileName*' }
                Get-ChildItem $TestDrive -Filter '*.xmp' -Recurse | Where-Object FullName -notin $earlier | Should -BeNullOrEmpty
            }
            finally {
                Stop-ImagenTestEmulator -Emulator $tampered
            }
        }

        It 'stops within seconds on Ctrl+C and leaves no partial files' {
            $slow = Start-ImagenTestEmulator -ArgumentList '--seconds-per-photo', '60'
            $shoot = New-SampleShoot -Name 'Stop' -Count 2 -Kind raw
            $ps = [powershell]::Create()
            try {
                $null = $ps.AddScript({
                    param($Manifest, $Url, $Key, $Shoot)
                    Import-Module $Manifest
                    Get-ChildItem $Shoot | Invoke-ImagenEdit -ProfileKey 5700 -ApiKey $Key -BaseUrl $Url | Save-ImagenResult -ApiKey $Key -BaseUrl $Url
                }).AddParameters(@{ Manifest = (Join-Path (Get-Module Imagen).ModuleBase 'Imagen.psd1'); Url = $slow.BaseUrl; Key = $slow.ApiKey; Shoot = $shoot })
                $running = $ps.BeginInvoke()
                $deadline = [DateTime]::UtcNow.AddSeconds(60)
                while (-not ($ps.Streams.Progress | Where-Object Activity -eq 'Editing') -and [DateTime]::UtcNow -lt $deadline) {
                    Start-Sleep -Milliseconds 50
                }
                $ps.Streams.Progress | Where-Object Activity -eq 'Editing' | Should -Not -BeNullOrEmpty

                $watch = [System.Diagnostics.Stopwatch]::StartNew()
                $ps.Stop()
                $watch.Stop()

                $watch.Elapsed.TotalSeconds | Should -BeLessThan 5
                $running.IsCompleted | Should -BeTrue
                $ps.InvocationStateInfo.State | Should -Be 'Stopped'
                Get-ChildItem $shoot -Recurse -File | Where-Object Extension -notin '.nef', '.cr2', '.dng' | Should -BeNullOrEmpty
            }
            finally {
                $ps.Dispose()
                Stop-ImagenTestEmulator -Emulator $slow
            }
        }
    }
}
