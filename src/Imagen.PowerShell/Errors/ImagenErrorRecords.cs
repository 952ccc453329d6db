using System;
using System.Management.Automation;
using Imagen.Core;

namespace Imagen.PowerShell.Errors
{
    /// <summary>
    /// Builds the ErrorRecords the cmdlets write: a stable FullyQualifiedErrorId, the category a script can switch on,
    /// the file, profile or URL concerned as TargetObject, and in ErrorDetails (what PowerShell shows) the full account with the server's own words.
    /// </summary>
    internal static class ImagenErrorRecords
    {
        private const string ConnectAdvice =
            "Give an API key in one of three ways: run 'Connect-Imagen -ApiKey (Read-Host -AsSecureString)' once in this session; " +
            "pass -ApiKey to the command; or set the " + ImagenConnectionSettings.ApiKeyVariable + " environment variable (for scheduled tasks).";

        /// <summary>True for the failures Core raises on purpose; anything else is a bug and surfaces as it is.</summary>
        public static bool IsImagenFailure(Exception error) => error is ImagenException;

        public static ErrorRecord ApiKeyMissing()
        {
            var exception = new InvalidOperationException("No Imagen API key was found. " + ConnectAdvice);
            var record = new ErrorRecord(exception, PowerShellErrorIds.ApiKeyMissing, ErrorCategory.AuthenticationError, null);
            record.ErrorDetails = new ErrorDetails(exception.Message)
            {
                RecommendedAction = "Run Connect-Imagen, or set " + ImagenConnectionSettings.ApiKeyVariable + ". Imagen support issues API keys.",
            };
            return record;
        }

        public static ErrorRecord InvalidApiKey(ArgumentException error, string origin)
        {
            // Core's message never contains the key; it says what is wrong with it (empty, a line break).
            var exception = new ArgumentException("The API key from " + origin + " cannot be used: " + ImagenFormat.Sentence(MessageWithoutParameterName(error)), error);
            return new ErrorRecord(exception, PowerShellErrorIds.InvalidApiKey, ErrorCategory.InvalidArgument, origin);
        }

        public static ErrorRecord InvalidBaseUrl(ArgumentException error, string value, string origin)
        {
            var exception = new ArgumentException("The base URL from " + origin + " cannot be used. " + ImagenFormat.Sentence(MessageWithoutParameterName(error)), error);
            return new ErrorRecord(exception, PowerShellErrorIds.InvalidBaseUrl, ErrorCategory.InvalidArgument, value);
        }

        /// <summary>
        /// A confirmation the command needs and this session cannot ask for (non-interactive): names what gives it in
        /// the command, -Force where the command has one, else -Confirm:$false.
        /// </summary>
        public static ErrorRecord ConfirmationRequired(CommandInfo command, string what, Exception cannotAsk)
        {
            string give = command.Parameters.ContainsKey("Force") ? "-Force" : "-Confirm:$false";
            var exception = new PSInvalidOperationException(
                $"{command.Name} needs a confirmation to go on: {what}. This session cannot ask for one (it is non-interactive, as a scheduled task is): give {give} to confirm in the command, or run it interactively.",
                cannotAsk);
            var record = new ErrorRecord(exception, PowerShellErrorIds.ConfirmationRequired, ErrorCategory.PermissionDenied, command.Name);
            record.ErrorDetails = new ErrorDetails(exception.Message) { RecommendedAction = $"Add {give} to the command." };
            return record;
        }

        /// <summary>
        /// An ArgumentException's own words, without the "(Parameter 'value')" (.NET) or "Parameter name: value"
        /// (.NET Framework) that names a C# parameter the user never saw.
        /// </summary>
        internal static string MessageWithoutParameterName(ArgumentException error)
        {
            string message = error.Message;
            if (string.IsNullOrEmpty(error.ParamName))
            {
                return message;
            }

            foreach (string suffix in new[] { $" (Parameter '{error.ParamName}')", Environment.NewLine + "Parameter name: " + error.ParamName })
            {
                if (message.EndsWith(suffix, StringComparison.Ordinal))
                {
                    return message.Substring(0, message.Length - suffix.Length);
                }
            }

            return message;
        }

        public static ErrorRecord ProfileNotFound(object key, string message)
        {
            var exception = new ItemNotFoundException(message);
            return new ErrorRecord(exception, ImagenErrorIds.ProfileNotFound, ErrorCategory.ObjectNotFound, key);
        }

        public static ErrorRecord NotAFileSystemPath(string path, string providerName)
        {
            var exception = new ArgumentException(
                $"'{path}' is not a file system path (it belongs to the {providerName} provider). Give the path of a photo on disk.");
            return new ErrorRecord(exception, PowerShellErrorIds.NotAFileSystemPath, ErrorCategory.InvalidArgument, path);
        }

        public static ErrorRecord NoFileMatches(string pattern)
        {
            var exception = new ItemNotFoundException($"No files match '{pattern}'.");
            return new ErrorRecord(exception, ImagenErrorIds.FileNotFound, ErrorCategory.ObjectNotFound, pattern);
        }

        /// <summary>One problem found by Core's file checks, naming its files; TargetObject is the file (or files).</summary>
        public static ErrorRecord FromFileProblem(ImagenFileProblem problem)
        {
            var exception = new ImagenValidationException(new[] { problem });
            object? target = problem.Files.Count == 1 ? problem.Files[0] : problem.Files.Count == 0 ? null : (object)problem.Files;
            var record = new ErrorRecord(exception, problem.ErrorId, CategoryOf(problem.ErrorId, 0), target);
            if (problem.RecommendedAction is not null)
            {
                record.ErrorDetails = new ErrorDetails(problem.Message) { RecommendedAction = problem.RecommendedAction };
            }

            return record;
        }

        /// <summary>Maps a Core exception to a record; <paramref name="target"/> overrides the request URL as target.</summary>
        public static ErrorRecord FromException(Exception error, object? target)
        {
            switch (error)
            {
                case ImagenAuthenticationException auth:
                    return WithServerMessage(
                        new ErrorRecord(auth, auth.ErrorId, ErrorCategory.AuthenticationError, target ?? auth.RequestUri),
                        auth,
                        "Check the API key. " + ConnectAdvice);
                case ImagenApiException api:
                    return WithServerMessage(
                        new ErrorRecord(api, api.ErrorId, CategoryOf(api.ErrorId, api.StatusCode), target ?? api.RequestUri),
                        api,
                        api.IsTransient ? "The service is busy or failing; try again later." : null);
                case ImagenException imagen:
                    return new ErrorRecord(imagen, imagen.ErrorId, CategoryOf(imagen.ErrorId, 0), target);
                default:
                    return new ErrorRecord(error, PowerShellErrorIds.UnexpectedError, ErrorCategory.NotSpecified, target);
            }
        }

        /// <summary>The category that goes with a stable error id (or, for API errors, the status code).</summary>
        public static ErrorCategory CategoryOf(string errorId, int statusCode)
        {
            switch (errorId)
            {
                case ImagenErrorIds.FileNotFound:
                case ImagenErrorIds.ProfileNotFound:
                case ImagenErrorIds.NotFound:
                    return ErrorCategory.ObjectNotFound;
                case ImagenErrorIds.UnsupportedFileType:
                case ImagenErrorIds.FileTypeMismatch:
                case ImagenErrorIds.MixedFileTypes:
                case ImagenErrorIds.ConflictingEditOptions:
                case ImagenErrorIds.InvalidEditOption:
                case ImagenErrorIds.NoFiles:
                    return ErrorCategory.InvalidArgument;
                case ImagenErrorIds.FileContentMismatch:
                case ImagenErrorIds.UnexpectedResponse:
                    return ErrorCategory.InvalidData;
                case ImagenErrorIds.FileUnreadable:
                case ImagenErrorIds.FileChanged:
                    return ErrorCategory.ReadError;
                case ImagenErrorIds.LocalWriteFailed:
                    return ErrorCategory.WriteError;
                case ImagenErrorIds.DuplicateFileName:
                case ImagenErrorIds.FileExists:
                case ImagenErrorIds.ResultsDiffer:
                case ImagenErrorIds.OriginalProtected:
                    return ErrorCategory.ResourceExists;
                case ImagenErrorIds.OriginalsFolder:
                    return ErrorCategory.InvalidOperation;
                case ImagenErrorIds.PathTooLong:
                    return ErrorCategory.WriteError;
                case ImagenErrorIds.AuthenticationFailed:
                    return ErrorCategory.AuthenticationError;
                case ImagenErrorIds.RateLimited:
                    return ErrorCategory.LimitsExceeded;
                case ImagenErrorIds.ConnectionFailed:
                    return ErrorCategory.ConnectionError;
                case ImagenErrorIds.UnsafeRedirect:
                case ImagenErrorIds.UnsafeFileName:
                case ImagenErrorIds.UnsafeLink:
                    return ErrorCategory.SecurityError;
                case ImagenErrorIds.ServerError:
                    return ErrorCategory.ResourceUnavailable;
            }

            if (statusCode == 404)
            {
                return ErrorCategory.ObjectNotFound;
            }

            if (statusCode == 409)
            {
                return ErrorCategory.ResourceExists;
            }

            if (statusCode >= 500)
            {
                return ErrorCategory.ResourceUnavailable;
            }

            return statusCode >= 400 ? ErrorCategory.InvalidOperation : ErrorCategory.NotSpecified;
        }

        private static ErrorRecord WithServerMessage(ErrorRecord record, ImagenApiException api, string? recommendedAction)
        {
            // PowerShell shows ErrorDetails in place of the exception's message, so it carries Core's full account
            // (status, request, the server's own words); the bare server text stays on the exception.
            record.ErrorDetails = new ErrorDetails(api.Message);
            if (recommendedAction is not null)
            {
                record.ErrorDetails.RecommendedAction = recommendedAction;
            }

            return record;
        }
    }
}
