#
# Module manifest for Imagen: PowerShell cmdlets for the Imagen AI photo-editing API.
#
# This file works in two places:
#   * the repository root, right after `dotnet build ImagenPS.sln` (Imagen.psm1 finds the build output), and
#   * the staged module folder out/Imagen/<version>/ that build.ps1 writes (build.ps1 rewrites the format-file
#     path below, which points into src/ here, to the file it copies beside this manifest).
#
@{
    RootModule           = 'Imagen.psm1'
    ModuleVersion        = '0.2.0'
    GUID                 = 'c7ff81e2-cb65-45aa-a7e5-0d2aff262920'
    Author               = 'Imagen for PowerShell contributors'
    CompanyName          = 'Imagen for PowerShell'
    Copyright            = '(c) 2026 Imagen for PowerShell contributors. All rights reserved.'
    Description          = 'Edit photos with your Imagen AI profiles from PowerShell: list profiles, check that files match a profile, upload, edit, export and download, as pipelines. Includes a local emulator of the service for offline use and tests.'

    PowerShellVersion    = '5.1'
    CompatiblePSEditions = @('Desktop', 'Core')
    # Windows PowerShell 5.1 needs .NET Framework 4.7.2 for the net472 build.
    DotNetFrameworkVersion = '4.7.2'

    FormatsToProcess     = @('src/Imagen.PowerShell/Imagen.Format.ps1xml')

    # Every exported cmdlet by name: PowerShell discovers commands from this list without loading the module.
    CmdletsToExport      = @(
        'Connect-Imagen'
        'Disconnect-Imagen'
        'Get-ImagenConnection'
        'Get-ImagenProfile'
        'Get-ImagenSupportedFileType'
        'Test-ImagenProfileFiles'
        # The editing workflow (issue #4)
        'Invoke-ImagenEdit'
        'Save-ImagenResult'
        'New-ImagenProject'
        'Get-ImagenProject'
        'Send-ImagenFile'
        'Start-ImagenEdit'
        'Get-ImagenEditStatus'
        'Get-ImagenExportStatus'
        'Wait-ImagenEdit'
        'Wait-ImagenExport'
        'Start-ImagenExport'
        'Get-ImagenDownloadLink'
        'Get-ImagenSkyTemplate'
        # Run records (issue #7)
        'Get-ImagenRun'
        'Remove-ImagenRun'
        # Smart Editing, Copilot, AI tools and finalize (issue #9)
        'Invoke-ImagenSmartEdit'
        'Start-ImagenSmartEdit'
        'Wait-ImagenSmartEdit'
        'Invoke-ImagenCopilot'
        'Invoke-ImagenEnhancement'
        'Get-ImagenAiTool'
        'Reset-ImagenCopilot'
        'Complete-ImagenProject'
        'Get-ImagenUploadLink'
        'Test-ImagenProjectName'
    )
    FunctionsToExport    = @()
    VariablesToExport    = @()
    AliasesToExport      = @('Test-ImagenProfileFile')

    PrivateData          = @{
        PSData = @{
            Tags         = @('Imagen', 'ImagenAI', 'Photography', 'PhotoEditing', 'Lightroom', 'RAW', 'XMP', 'AI', 'REST', 'Windows', 'Linux', 'MacOS', 'PSEdition_Desktop', 'PSEdition_Core')
            # No ProjectUri/LicenseUri: the project has no public web address yet. The MIT LICENSE ships in the
            # module folder (build.ps1 Stage copies it).
            # CHANGELOG.md's entries, the newest first (build.ps1 Stage and the tests check that they agree).
            ReleaseNotes = @'
## 0.2.0

* Smart Editing (no profile; JPEGs in, finished JPEGs out): Invoke-ImagenSmartEdit does the whole job;
  Start-ImagenSmartEdit, Wait-ImagenSmartEdit, Test-ImagenProjectName, New-ImagenProject -SmartEdit,
  Send-ImagenFile -SmartEdit (files over 64 MiB in parallel parts, aborted on the service if they cannot complete)
  and Get-ImagenProject -SmartEdit do it step by step.
* Copilot and AI tools after the edit: Invoke-ImagenCopilot, Invoke-ImagenEnhancement (the -Tool tab-completes),
  Get-ImagenAiTool and Reset-ImagenCopilot; results chain through the pipeline. Complete-ImagenProject finalizes a
  project into its final images for Save-ImagenResult; Get-ImagenUploadLink gets a single upload link.
* Unattended runs that never pay twice: every Invoke-ImagenEdit keeps a run record, and the same command again
  continues the same project (only unfinished uploads, /edit and /export never sent twice). Get-ImagenRun lists the
  records and Remove-ImagenRun cleans them up. A billed edit is waited for through outages; Ctrl+C says which project
  is billed. about_Imagen_ScheduledTasks is a tested nightly template.
* The export step by step: Start-ImagenExport, Wait-ImagenExport and Get-ImagenExportStatus (with
  Get-ImagenEditStatus and Wait-ImagenEdit for the edit); Get-ImagenSkyTemplate lists the sky templates.
* Transfers stream from disk to the wire and back in a pipeline (checksums, links and transfers side by side), with
  -ThrottleLimit and a bandwidth cap (-MaximumBandwidth, Connect-Imagen -MaximumBandwidth,
  IMAGEN_MAX_BANDWIDTH_MBPS). Existing files are never replaced unless Imagen wrote them (-Force), originals never.
* Help generated from the cmdlets themselves: SYNTAX as Get-Command -Syntax shows it, INPUTS, default values, and
  examples that all run in the tests. Default views fit an 80-column console. Progress shows the files done and the
  rate of the last 3 seconds (0 in a stall), and each bar closes when its part of the work is done.
* build.ps1 -Task Publish -Repository NAME publishes the staged module with PSResourceGet.

## 0.1.0

* Connect-Imagen, Disconnect-Imagen and Get-ImagenConnection: an API key per session (SecureString), the
  IMAGEN_API_KEY / IMAGEN_BASE_URL environment variables for scheduled tasks, and per-call -ApiKey / -BaseUrl.
* Get-ImagenProfile: typed profiles, -ProfileKey (tab-completed with profile names) and -Name wildcards.
* Test-ImagenProfileFiles: the SDK's file-type rules (RAW vs JPEG, one type per project) plus a check of each
  file's first bytes; Get-ImagenSupportedFileType lists the extensions.
* Invoke-ImagenEdit and Save-ImagenResult: the SDK's quick_edit as a pipeline (check, upload, edit, export, download
  beside the originals), with -WhatIf, progress, retries and Ctrl+C; the SDK's steps as cmdlets (New-ImagenProject,
  Send-ImagenFile, Start-ImagenEdit, Wait-ImagenEdit, Start-ImagenExport, Get-ImagenDownloadLink, ...).
* Get-Help for every cmdlet and about_Imagen.
'@
        }
    }
}
