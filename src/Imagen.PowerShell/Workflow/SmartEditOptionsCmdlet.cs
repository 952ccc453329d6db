using System;
using System.Management.Automation;
using Imagen.Core;
using Imagen.PowerShell.Infrastructure;

namespace Imagen.PowerShell.Workflow
{
    /// <summary>
    /// The Smart Editing options of /i2i/.../edit (imagen-api.md §3.10) as PowerShell parameters, shared by
    /// Invoke-ImagenSmartEdit and Start-ImagenSmartEdit. A switch that is not given is not sent.
    /// </summary>
    public abstract class SmartEditOptionsCmdlet : ImagenApiCmdlet
    {
        /// <summary>Merge bracketed exposures.</summary>
        [Parameter]
        public SwitchParameter HdrMerge { get; set; }

        /// <summary>Replace the sky.</summary>
        [Parameter]
        public SwitchParameter SkyReplacement { get; set; }

        /// <summary>The sky template (Get-ImagenSkyTemplate).</summary>
        [Parameter]
        public int? SkyReplacementTemplateId { get; set; }

        /// <summary>Straighten verticals.</summary>
        [Parameter]
        public SwitchParameter PerspectiveCorrection { get; set; }

        /// <summary>An https URL the service POSTs to when the edit finishes.</summary>
        [Parameter]
        public Uri? CallbackUrl { get; set; }

        /// <summary>Edit without asking for confirmation (-Confirm).</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>The options the user gave: only the switches given are sent.</summary>
        protected ImagenSmartEditOptions BuildSmartEditOptions() => new ImagenSmartEditOptions
        {
            HdrMerge = HdrMerge.IsPresent ? true : (bool?)null,
            SkyReplacement = SkyReplacement.IsPresent ? true : (bool?)null,
            SkyReplacementTemplateId = SkyReplacementTemplateId,
            PerspectiveCorrection = PerspectiveCorrection.IsPresent ? true : (bool?)null,
            CallbackUrl = CallbackUrl,
        };

        /// <summary>-Force skips the prompt, but -WhatIf still only shows what would happen.</summary>
        protected bool Approve(string target)
        {
            bool whatIf = MyInvocation.BoundParameters.TryGetValue("WhatIf", out object? given) && ((SwitchParameter)given).IsPresent;
            return (Force && !whatIf) || ShouldProcess(target, "Smart Edit (billed)");
        }
    }
}
