using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using Imagen.Core;
using Imagen.PowerShell.Completion;
using Imagen.PowerShell.Errors;
using Imagen.PowerShell.Infrastructure;

namespace Imagen.PowerShell.Cmdlets
{
    /// <summary>
    /// <para type="synopsis">Lists the Imagen AI profiles (editing styles) the account can use.</para>
    /// <para type="description">Each profile has a ProfileKey (used to edit), a ProfileName, an ImageType (RAW or JPG:
    /// the only kind of file it can edit) and a ProfileType (Personal or Talent). Filter with -ProfileKey or with
    /// -Name wildcards; an unknown key or name is a non-terminating error (ImagenProfileNotFound).</para>
    /// <example><code>Get-ImagenProfile</code><para>Lists every profile the account can use, with its key, name and image type.</para></example>
    /// <example><code>Get-ImagenProfile | Where-Object ImageType -eq RAW</code><para>Lists only the profiles that edit RAW files.</para></example>
    /// <example><code>Get-ImagenProfile -ProfileKey 5700</code><para>Gets one profile by its key; an unknown key is a non-terminating ImagenProfileNotFound error.</para></example>
    /// <example><code>Get-ImagenProfile -Name '*CRISP*' | Test-ImagenProfileFiles -Path D:\Shoots\Smith\*.cr2</code><para>Finds the profile by a wildcard on its name and checks a shoot against it.</para></example>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "ImagenProfile", DefaultParameterSetName = ByNameSet)]
    [OutputType(typeof(ImagenProfile))]
    public sealed class GetImagenProfileCommand : ImagenApiCmdlet
    {
        private const string ByKeySet = "ByKey";
        private const string ByNameSet = "ByName";

        private IReadOnlyList<ImagenProfile>? _profiles;

        /// <summary>One or more profile keys, e.g. 5700.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = ByKeySet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(ProfileKeyCompleter))]
        public int[] ProfileKey { get; set; } = new int[0];

        /// <summary>Profile names; wildcards allowed, case-insensitive.</summary>
        [Parameter(ParameterSetName = ByNameSet)]
        [ArgumentCompleter(typeof(ProfileNameCompleter))]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string[]? Name { get; set; }

        protected override void ProcessRecord()
        {
            IReadOnlyList<ImagenProfile> profiles = GetProfiles();
            if (ParameterSetName == ByKeySet)
            {
                WriteByKey(profiles);
            }
            else
            {
                WriteByName(profiles);
            }
        }

        private IReadOnlyList<ImagenProfile> GetProfiles()
        {
            if (_profiles is null)
            {
                ImagenClient client = GetClient();
                _profiles = RunAsync(ct => client.GetProfilesAsync(ct));
                Session?.Profiles.Store(_profiles);
                WriteVerbose($"The account has {_profiles.Count} profiles.");
            }

            return _profiles;
        }

        private void WriteByKey(IReadOnlyList<ImagenProfile> profiles)
        {
            foreach (int key in ProfileKey)
            {
                ImagenProfile? profile = profiles.FirstOrDefault(p => p.ProfileKey == key);
                if (profile is null)
                {
                    string known = string.Join(", ", profiles.Select(p => p.ProfileKey.ToString(CultureInfo.InvariantCulture)));
                    WriteError(ImagenErrorRecords.ProfileNotFound(key,
                        $"No profile has the key {key}. The account's profile keys are: {(known.Length == 0 ? "(none)" : known)}."));
                    continue;
                }

                WriteObject(profile);
            }
        }

        private void WriteByName(IReadOnlyList<ImagenProfile> profiles)
        {
            if (Name is null)
            {
                WriteObject(profiles, enumerateCollection: true);
                return;
            }

            var patterns = Name.Select(n => WildcardPattern.Get(n, WildcardOptions.IgnoreCase)).ToArray();
            foreach (ImagenProfile profile in profiles)
            {
                if (patterns.Any(p => p.IsMatch(profile.ProfileName ?? string.Empty)))
                {
                    WriteObject(profile);
                }
            }

            // Like Get-Process -Name: a plain name that matches nothing is an error, a wildcard that matches nothing is not.
            foreach (string name in Name)
            {
                var pattern = WildcardPattern.Get(name, WildcardOptions.IgnoreCase);
                if (!WildcardPattern.ContainsWildcardCharacters(name) && !profiles.Any(p => pattern.IsMatch(p.ProfileName ?? string.Empty)))
                {
                    WriteError(ImagenErrorRecords.ProfileNotFound(name, $"No profile is named '{name}'. Run Get-ImagenProfile to see the account's profiles."));
                }
            }
        }
    }
}
