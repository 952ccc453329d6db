using System.Management.Automation;
using Imagen.Core;
using Imagen.PowerShell.Workflow;

namespace Imagen.PowerShell.Copilot
{
    /// <summary>
    /// A cmdlet about one project of either family (imagen-api.md §3.11): the project's id and family come from the
    /// pipeline by property name (an Invoke-ImagenEdit or Invoke-ImagenSmartEdit result, a project, a Copilot result).
    /// </summary>
    public abstract class ProjectSourceCmdlet : ProjectCmdlet
    {
        /// <summary>Regular (a profile-edited project, the default) or SmartEdit (a Smart Editing project).</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public ImagenProjectSource Source { get; set; }

        /// <summary>Act without asking for confirmation (-Confirm).</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>-Force skips the prompt, but -WhatIf still only shows what would happen.</summary>
        protected bool Approve(string target, string action)
        {
            bool whatIf = Bound("WhatIf") && ((SwitchParameter)MyInvocation.BoundParameters["WhatIf"]).IsPresent;
            return (Force && !whatIf) || ShouldProcess(target, action);
        }
    }

    /// <summary>A cmdlet about one image of a project: its file name comes from the pipeline too.</summary>
    public abstract class ImageCmdlet : ProjectSourceCmdlet
    {
        /// <summary>The image, by its exported (or Smart Editing result) name, e.g. DSC_0001.jpg, or the name it was uploaded as.</summary>
        [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string FileName { get; set; } = string.Empty;
    }
}
