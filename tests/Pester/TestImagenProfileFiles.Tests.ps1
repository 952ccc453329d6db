#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }

Describe 'Test-ImagenProfileFiles' {
    BeforeAll {
        . $PSScriptRoot/Imagen.TestHelpers.ps1
        Import-ImagenModuleUnderTest
        $script:Emulator = Start-ImagenTestEmulator
        Connect-Imagen -ApiKey $script:Emulator.ApiKey -BaseUrl $script:Emulator.BaseUrl
        $script:RawProfile = Get-ImagenProfile -ProfileKey 5700
        $script:JpgProfile = Get-ImagenProfile -ProfileKey 29132
    }

    AfterAll {
        Disconnect-Imagen
        Stop-ImagenTestEmulator -Emulator $script:Emulator
    }

    BeforeEach {
        $script:Shoot = Join-Path $TestDrive ([guid]::NewGuid().ToString('N'))
        $null = New-Item -ItemType Directory -Path $script:Shoot
    }

    It 'accepts Get-ChildItem output for a RAW profile' {
        New-TestPhoto -Path (Join-Path $script:Shoot 'IMG_0001.CR2') -Format Cr2
        New-TestPhoto -Path (Join-Path $script:Shoot 'IMG_0002.nef') -Format TiffRaw
        Get-ChildItem -LiteralPath $script:Shoot -File | Test-ImagenProfileFiles -ProfileKey 5700 | Should -BeTrue
    }

    It 'accepts strings, -Path wildcards and -LiteralPath' {
        New-TestPhoto -Path (Join-Path $script:Shoot 'a[1].jpg') -Format Jpeg
        New-TestPhoto -Path (Join-Path $script:Shoot 'b.JPEG') -Format Jpeg
        Test-ImagenProfileFiles -Path (Join-Path $script:Shoot '*.jp*g') -Profile $script:JpgProfile | Should -BeTrue
        Test-ImagenProfileFiles -LiteralPath (Join-Path $script:Shoot 'a[1].jpg') -Profile $script:JpgProfile | Should -BeTrue
        (Join-Path $script:Shoot 'b.JPEG') | Test-ImagenProfileFiles -Profile $script:JpgProfile | Should -BeTrue
    }

    It 'takes the profile from the pipeline' {
        New-TestPhoto -Path (Join-Path $script:Shoot 'a.dng') -Format TiffRaw
        $script:RawProfile | Test-ImagenProfileFiles -Path (Join-Path $script:Shoot '*') | Should -BeTrue
    }

    It 'reports <ErrorId> for <Case>' -ForEach @(
        @{ Case = 'JPEGs given to a RAW profile'; ProfileKey = 5700; Files = @(@{ Name = 'photo1.jpg'; Format = 'Jpeg' }, @{ Name = 'photo2.jpeg'; Format = 'Jpeg' }); ErrorId = 'ImagenFileTypeMismatch'; Message = "RAW profile cannot be used with JPG files: ['photo1.jpg', 'photo2.jpeg']" }
        @{ Case = 'RAW files given to a JPG profile'; ProfileKey = 29132; Files = @(@{ Name = 'photo1.cr2'; Format = 'Cr2' }, @{ Name = 'photo2.nef'; Format = 'TiffRaw' }); ErrorId = 'ImagenFileTypeMismatch'; Message = "JPG profile cannot be used with RAW files: ['photo1.cr2', 'photo2.nef']" }
        @{ Case = 'a mix of RAW and JPEG'; ProfileKey = 5700; Files = @(@{ Name = 'photo1.cr2'; Format = 'Cr2' }, @{ Name = 'photo2.jpg'; Format = 'Jpeg' }); ErrorId = 'ImagenMixedFileTypes'; Message = 'photo2.jpg' }
        @{ Case = 'an unsupported extension'; ProfileKey = 5700; Files = @(@{ Name = 'scan.png'; Format = 'Png' }); ErrorId = 'ImagenUnsupportedFileType'; Message = 'scan.png' }
        @{ Case = 'a JPEG renamed .cr2'; ProfileKey = 5700; Files = @(@{ Name = 'renamed.cr2'; Format = 'Jpeg' }); ErrorId = 'ImagenFileContentMismatch'; Message = 'FF D8 FF' }
        @{ Case = 'an empty file'; ProfileKey = 5700; Files = @(@{ Name = 'empty.cr2'; Format = 'Empty' }); ErrorId = 'ImagenFileContentMismatch'; Message = '0 bytes' }
        @{ Case = 'a text file named .nef'; ProfileKey = 5700; Files = @(@{ Name = 'readme.nef'; Format = 'Text' }); ErrorId = 'ImagenFileContentMismatch'; Message = 'text' }
    ) {
        foreach ($file in $Files) { New-TestPhoto -Path (Join-Path $script:Shoot $file.Name) -Format $file.Format | Out-Null }
        $result = Get-ChildItem -LiteralPath $script:Shoot -File |
            Test-ImagenProfileFiles -ProfileKey $ProfileKey -ErrorVariable problems -ErrorAction SilentlyContinue
        $result | Should -BeFalse
        $problem = $problems | Where-Object { $_.FullyQualifiedErrorId -like "$ErrorId,*" } | Select-Object -First 1
        $problem | Should -Not -BeNullOrEmpty
        $problem.Exception.Message.Contains($Message) | Should -BeTrue -Because $problem.Exception.Message
    }

    It 'reports a missing file as ImagenFileNotFound with the file as target' {
        $missing = Join-Path $script:Shoot 'gone.cr2'
        $result = Test-ImagenProfileFiles -LiteralPath $missing -ProfileKey 5700 -ErrorVariable problems -ErrorAction SilentlyContinue
        $result | Should -BeFalse
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'ImagenFileNotFound,*'
        $problems[0].TargetObject | Should -Be $missing
    }

    It 'returns one result per file with -Detailed' {
        New-TestPhoto -Path (Join-Path $script:Shoot 'good.cr2') -Format Cr2
        New-TestPhoto -Path (Join-Path $script:Shoot 'bad.cr2') -Format Jpeg
        $checks = Get-ChildItem -LiteralPath $script:Shoot -File |
            Test-ImagenProfileFiles -ProfileKey 5700 -Detailed -ErrorAction SilentlyContinue
        $checks.Count | Should -Be 2
        ($checks | Where-Object Name -eq 'good.cr2').IsValid | Should -BeTrue
        ($checks | Where-Object Name -eq 'bad.cr2').ErrorId | Should -Be 'ImagenFileContentMismatch'
    }
}
