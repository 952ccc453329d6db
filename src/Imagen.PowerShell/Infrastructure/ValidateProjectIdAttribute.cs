using System;
using System.Collections;
using System.Management.Automation;
using Imagen.Core;

namespace Imagen.PowerShell.Infrastructure
{
    /// <summary>
    /// Refuses, while PowerShell binds the parameter (before any request), a value that cannot be a project id (see
    /// <see cref="ImagenProjectIds"/>): a log line, a path or a message piped into -ProjectId by mistake.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    public sealed class ValidateProjectIdAttribute : ValidateArgumentsAttribute
    {
        protected override void Validate(object arguments, EngineIntrinsics engineIntrinsics)
        {
            foreach (object? value in arguments is IEnumerable many && !(arguments is string) ? many : new[] { arguments })
            {
                try
                {
                    ImagenProjectIds.Check((value is PSObject wrapped ? wrapped.BaseObject : value)?.ToString());
                }
                catch (ArgumentException notAnId)
                {
                    throw new ValidationMetadataException(notAnId.Message, notAnId);
                }
            }
        }
    }
}
