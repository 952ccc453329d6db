namespace Imagen.Core
{
    /// <summary>One preset AI tool of GET /projects/{id}/ai-tools (§3.11); its <see cref="EnhancementType"/> is the tool_id.</summary>
    public sealed class ImagenAiTool
    {
        public ImagenAiTool(string enhancementType, string? label, bool? enabledForBatch, bool? generative)
        {
            EnhancementType = enhancementType;
            Label = label;
            EnabledForBatch = enabledForBatch;
            Generative = generative;
        }

        public string EnhancementType { get; }

        public string? Label { get; }

        public bool? EnabledForBatch { get; }

        /// <summary>True for tools that add, remove or replace content (refused on realistic-only accounts), when the server says.</summary>
        public bool? Generative { get; }

        public override string ToString() => EnhancementType;
    }
}
