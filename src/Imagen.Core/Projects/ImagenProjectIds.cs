using System;

namespace Imagen.Core
{
    /// <summary>
    /// What can be a project id (project_uuid) before any request is sent. The contract calls ids opaque (imagen-api.md
    /// §2.3; every one seen is 24 hex characters, like a MongoDB ObjectId), so the rule refuses only what no id format
    /// in use could hold: 1 to 128 characters, each a letter, a digit, '-' or '_'. That admits ObjectIds, UUIDs, ULIDs
    /// and numbers, and refuses what a piped message, path or URL carries instead (spaces, ':', '/', '.', quotes):
    /// the id is a path segment of every project URL, where "." or ".." would even name another resource.
    /// </summary>
    public static class ImagenProjectIds
    {
        public const int MaximumLength = 128;

        /// <summary>True when <paramref name="id"/> can be a project id.</summary>
        public static bool IsWellFormed(string? id)
        {
            if (string.IsNullOrEmpty(id) || id!.Length > MaximumLength)
            {
                return false;
            }

            foreach (char c in id)
            {
                if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_'))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>Refuses, naming the value and what an id looks like, anything that cannot be a project id.</summary>
        public static string Check(string? id)
        {
            if (IsWellFormed(id))
            {
                return id!;
            }

            string shown = id is null ? "(none)" : id.Length > 60 ? "'" + id.Substring(0, 57) + "...'" : "'" + id + "'";
            throw new ArgumentException(
                $"{shown} is not a project id. A project id is letters, digits, '-' and '_' only (e.g. 65f3a1c2d4e5f6a7b8c9d0e1): the ProjectId of New-ImagenProject, Get-ImagenProject or Invoke-ImagenEdit. To find a project by its name, use Get-ImagenProject -Name.");
        }
    }
}
