using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using Imagen.Core;
using Imagen.PowerShell.Completion;
using Imagen.PowerShell.Errors;
using Imagen.PowerShell.Infrastructure;

namespace Imagen.PowerShell.Cmdlets
{
    /// <summary>
    /// <para type="synopsis">Checks that files can be edited with a profile: the SDK's check_files_match_profile_type,
    /// plus a look at each file's first bytes.</para>
    /// <para type="description">A RAW profile takes only RAW files and a JPG profile only JPEG files, and a project
    /// holds one type. Each problem is a non-terminating error with a stable id (ImagenFileTypeMismatch,
    /// ImagenMixedFileTypes, ImagenUnsupportedFileType, ImagenFileNotFound, ImagenDuplicateFileName,
    /// ImagenFileContentMismatch) naming the files. Returns $true when every file passes, else $false; -Detailed
    /// returns one result per file instead. All files given in one call (and through the pipeline) are checked
    /// together, as one project.</para>
    /// <example><code>Get-ChildItem D:\Shoots\Smith\*.cr2 | Test-ImagenProfileFiles -ProfileKey 5700</code><para>Returns $true when every file suits profile 5700, otherwise $false with one error per problem.</para></example>
    /// <example><code>Get-ImagenProfile -ProfileKey 5700 | Test-ImagenProfileFiles -Path D:\Shoots\Smith\* -Detailed</code><para>Returns one result per file saying whether it passed and why not.</para></example>
    /// <example><code>if (-not (Get-ChildItem D:\Shoots\Smith | Test-ImagenProfileFiles -ProfileKey 5700 -ErrorAction SilentlyContinue)) { throw 'The shoot does not suit profile 5700.' }</code><para>Stops a script before anything is uploaded when a file does not suit the profile.</para></example>
    /// <example><code>Test-ImagenProfileFile -LiteralPath 'D:\Shoots\IMG[1].cr2' -ProfileKey 5700</code><para>Checks a file whose name contains brackets, through the singular alias Test-ImagenProfileFile.</para></example>
    /// </summary>
    [Cmdlet(VerbsDiagnostic.Test, "ImagenProfileFiles", DefaultParameterSetName = ProfileFileInput.PathKeySet)]
    [OutputType(typeof(bool), typeof(ImagenFileCheck))]
    [Alias("Test-ImagenProfileFile")] // the singular a PowerShell user types; the SDK's plural stays the name
    public sealed class TestImagenProfileFilesCommand : ImagenApiCmdlet
    {
        private readonly ProfileFileInput _input = new ProfileFileInput("Files are checked against one profile at a time");

        /// <summary>Files to check; wildcards allowed. Strings from the pipeline bind here.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = ProfileFileInput.PathKeySet, ValueFromPipeline = true)]
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = ProfileFileInput.PathProfileSet, ValueFromPipeline = true)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string[] Path { get; set; } = new string[0];

        /// <summary>Files to check, taken literally. Get-ChildItem output binds here through its PSPath.</summary>
        [Parameter(Mandatory = true, ParameterSetName = ProfileFileInput.LiteralKeySet, ValueFromPipelineByPropertyName = true)]
        [Parameter(Mandatory = true, ParameterSetName = ProfileFileInput.LiteralProfileSet, ValueFromPipelineByPropertyName = true)]
        [Alias("PSPath", "LP")]
        [ValidateNotNullOrEmpty]
        public string[] LiteralPath { get; set; } = new string[0];

        /// <summary>The profile's key, e.g. 5700 (its ImageType is read from the API).</summary>
        /// <remarks>Not bound by property name: a piped profile must bind to -Profile (no API call), not to -ProfileKey.</remarks>
        [Parameter(Mandatory = true, ParameterSetName = ProfileFileInput.PathKeySet)]
        [Parameter(Mandatory = true, ParameterSetName = ProfileFileInput.LiteralKeySet)]
        [ArgumentCompleter(typeof(ProfileKeyCompleter))]
        public int ProfileKey { get; set; }

        /// <summary>A profile from Get-ImagenProfile (no API call is needed then).</summary>
        [Parameter(Mandatory = true, ParameterSetName = ProfileFileInput.PathProfileSet, ValueFromPipeline = true)]
        [Parameter(Mandatory = true, ParameterSetName = ProfileFileInput.LiteralProfileSet, ValueFromPipeline = true)]
        [ValidateNotNull]
        public ImagenProfile? Profile { get; set; }

        /// <summary>Return one result per file (kind, detected content, evidence, problems) instead of $true/$false.</summary>
        [Parameter]
        public SwitchParameter Detailed { get; set; }

        protected override void ProcessRecord() => _input.Add(this, Profile, Path, LiteralPath);

        protected override void EndProcessing()
        {
            IReadOnlyList<string> files = _input.Files;
            if (files.Count == 0 && _input.HadPathProblems)
            {
                // Every path was already reported; "no files were given" would only repeat it.
                WriteResult(null);
                return;
            }

            ImagenProfile? profile = _input.Profile ?? FindProfile(ProfileKey);
            WriteVerbose(profile is null
                ? $"Checking {files.Count} files without a profile (its key {ProfileKey} is unknown)."
                : $"Checking {files.Count} files against profile {profile.ProfileKey} '{profile.ProfileName}', which edits {profile.ImageType} files.");

            ProfileFileValidation validation = ProfileFileValidator.Validate(files, profile?.ImageType);
            foreach (ImagenFileProblem problem in validation.Problems)
            {
                WriteError(ImagenErrorRecords.FromFileProblem(problem));
            }

            WriteResult(validation, passed: profile is not null && validation.IsValid && !_input.HadPathProblems);
        }

        private void WriteResult(ProfileFileValidation? validation, bool passed = false)
        {
            if (!Detailed)
            {
                WriteObject(passed);
                return;
            }

            foreach (ImagenFileCheck check in validation?.Files ?? Enumerable.Empty<ImagenFileCheck>())
            {
                WriteObject(check);
            }
        }

        /// <summary>Looks the key up; an unknown key is reported and the profile-free checks still run.</summary>
        private ImagenProfile? FindProfile(int key)
        {
            ImagenClient client = GetClient();
            IReadOnlyList<ImagenProfile> profiles = RunAsync(ct => client.GetProfilesAsync(ct));
            Session?.Profiles.Store(profiles);
            ImagenProfile? profile = profiles.FirstOrDefault(p => p.ProfileKey == key);
            if (profile is null)
            {
                WriteError(ImagenErrorRecords.ProfileNotFound(key,
                    $"No profile has the key {key}, so the files cannot be checked against it. Run Get-ImagenProfile to see the account's profiles."));
            }

            return profile;
        }
    }
}
