using System.Collections.Generic;
using System.Management.Automation;
using Imagen.Core;
using Imagen.PowerShell.Errors;

namespace Imagen.PowerShell.Infrastructure
{
    /// <summary>
    /// The input of a command that takes photos and one profile to use them with (Test-ImagenProfileFiles,
    /// Invoke-ImagenEdit): its four parameter sets (-Path or -LiteralPath, with -ProfileKey or a -Profile object),
    /// the files of every pipeline record, and the one profile piped in. The commands declare the parameters
    /// themselves, each with its own help, naming these sets (Invoke-ImagenEdit already derives from the edit
    /// options it shares with Start-ImagenEdit, so the sharing is by composition, not a base class).
    /// </summary>
    internal sealed class ProfileFileInput
    {
        public const string PathKeySet = "PathProfileKey";
        public const string PathProfileSet = "PathProfile";
        public const string LiteralKeySet = "LiteralPathProfileKey";
        public const string LiteralProfileSet = "LiteralPathProfile";

        private readonly PipedFiles _files = new PipedFiles();
        private readonly string _oneProfileRule;

        /// <param name="oneProfileRule">Why a second, different profile is refused, e.g. "One project is edited with one profile".</param>
        public ProfileFileInput(string oneProfileRule)
        {
            _oneProfileRule = oneProfileRule;
        }

        /// <summary>Every file resolved so far, in the order given.</summary>
        public IReadOnlyList<string> Files => _files.Files;

        /// <summary>True when a path matched nothing or was not a file-system path (already reported).</summary>
        public bool HadPathProblems => _files.HadPathProblems;

        /// <summary>The profile given by -Profile or through the pipeline; null when the command got -ProfileKey.</summary>
        public ImagenProfile? Profile { get; private set; }

        /// <summary>Takes one pipeline record's bound values (call from ProcessRecord).</summary>
        public void Add(PSCmdlet cmdlet, ImagenProfile? profile, string[] path, string[] literalPath)
        {
            if (profile is not null)
            {
                if (Profile is not null && Profile.ProfileKey != profile.ProfileKey)
                {
                    cmdlet.ThrowTerminatingError(new ErrorRecord(
                        new PSArgumentException($"{_oneProfileRule}; received profiles {Profile.ProfileKey} and {profile.ProfileKey}."),
                        PowerShellErrorIds.MultipleProfiles, ErrorCategory.InvalidArgument, profile));
                }

                Profile = profile;
            }

            bool literal = cmdlet.ParameterSetName == LiteralKeySet || cmdlet.ParameterSetName == LiteralProfileSet;
            _files.Add(cmdlet, literal ? literalPath : path, literal);
        }
    }
}
