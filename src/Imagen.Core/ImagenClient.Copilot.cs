using System;
using System.Collections.Generic;
using System.Globalization;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace Imagen.Core
{
    public sealed partial class ImagenClient
    {
        /// <summary>
        /// POST /projects/{id}/images/{file}/copilot: a natural-language instruction (1 to 255 characters) for one
        /// image, answered synchronously. Pass the previous result's VersionId as <paramref name="parentVersionId"/>
        /// to chain, or null to start from the edited image. Sent once (it makes a new version each time).
        /// </summary>
        public Task<ImagenEnhancement> InvokeCopilotAsync(string projectId, ImagenProjectSource source, string fileName, string instruction, string? parentVersionId = null, CancellationToken cancellationToken = default)
        {
            if (string.IsNullOrWhiteSpace(instruction) || instruction.Length > 255)
            {
                throw new ArgumentException("The instruction must be 1 to 255 characters.", nameof(instruction));
            }

            return EnhanceAsync(projectId, source, fileName, "copilot", "instruction", instruction, parentVersionId, cancellationToken);
        }

        /// <summary>POST /projects/{id}/images/{file}/enhance: a preset AI tool (an enhancement_type from <see cref="GetAiToolsAsync"/>).</summary>
        public Task<ImagenEnhancement> InvokeEnhancementAsync(string projectId, ImagenProjectSource source, string fileName, string toolId, string? parentVersionId = null, CancellationToken cancellationToken = default)
        {
            if (string.IsNullOrWhiteSpace(toolId))
            {
                throw new ArgumentException("The tool id is empty; Get-ImagenAiTool lists them.", nameof(toolId));
            }

            return EnhanceAsync(projectId, source, fileName, "enhance", "tool_id", toolId, parentVersionId, cancellationToken);
        }

        /// <summary>GET /projects/{id}/ai-tools: the preset tools (<c>prompts</c>, a bare list or <c>tools</c> are all read).</summary>
        public async Task<IReadOnlyList<ImagenAiTool>> GetAiToolsAsync(string projectId, ImagenProjectSource source, CancellationToken cancellationToken = default)
        {
            var payload = await _http.SendAsync(HttpMethod.Get, ProjectPath(projectId) + "/ai-tools?project_source=" + SourceText(source), ApiBody.None, retry: true, cancellationToken).ConfigureAwait(false);
            var tools = new List<ImagenAiTool>();
            if (!ApiEnvelope.TryGetList(payload, "prompts", out var list) && !ApiEnvelope.TryGetList(payload, "tools", out list))
            {
                return tools;
            }

            foreach (var item in list.EnumerateArray())
            {
                var id = ApiEnvelope.GetString(item, "enhancement_type") ?? ApiEnvelope.GetString(item, "tool_id");
                if (id != null)
                {
                    tools.Add(new ImagenAiTool(id, ApiEnvelope.GetString(item, "label"), ApiEnvelope.GetBool(item, "enabled_for_batch"), ApiEnvelope.GetBool(item, "generative")));
                }
            }

            return tools;
        }

        /// <summary>DELETE /projects/{id}/images/{file}/copilot: forgets every version of one image.</summary>
        public async Task ResetCopilotAsync(string projectId, ImagenProjectSource source, string fileName, CancellationToken cancellationToken = default)
        {
            var body = ApiBody.Json(w => { w.WriteStartObject(); w.WriteString("project_source", SourceText(source)); w.WriteEndObject(); });
            await _http.SendAsync(HttpMethod.Delete, ImagePath(projectId, fileName) + "/copilot", body, retry: true, cancellationToken).ConfigureAwait(false);
            _log.Verbose($"Reset the Copilot history of '{fileName}' in project {projectId}.");
        }

        /// <summary>POST /projects/{id}/finalize: the final images (enhanced ones upscaled), as download links.</summary>
        public async Task<IReadOnlyList<ImagenDownloadLink>> FinalizeAsync(string projectId, ImagenProjectSource source, CancellationToken cancellationToken = default)
        {
            var body = ApiBody.Json(w => { w.WriteStartObject(); w.WriteString("project_source", SourceText(source)); w.WriteEndObject(); });
            var payload = await _http.SendAsync(HttpMethod.Post, ProjectPath(projectId) + "/finalize", body, retry: false, cancellationToken).ConfigureAwait(false);
            var links = ParseLinkList("POST /projects/{id}/finalize", payload, projectId, ImagenJobKind.Final, source);
            _log.Verbose($"Finalized project {projectId}: {links.Count} final images.");
            return links;
        }

        private async Task<ImagenEnhancement> EnhanceAsync(string projectId, ImagenProjectSource source, string fileName, string route, string field, string value, string? parentVersionId, CancellationToken cancellationToken)
        {
            if (string.IsNullOrWhiteSpace(fileName))
            {
                throw new ArgumentException("The image's file name is empty.", nameof(fileName));
            }

            var body = ApiBody.Json(w =>
            {
                w.WriteStartObject();
                w.WriteString(field, value);
                if (parentVersionId != null)
                {
                    // The SDKs type the parent as an int; a numeric id goes out as a number.
                    if (long.TryParse(parentVersionId, NumberStyles.None, CultureInfo.InvariantCulture, out var number)) w.WriteNumber("parent_version_id", number);
                    else w.WriteString("parent_version_id", parentVersionId);
                }

                w.WriteString("project_source", SourceText(source));
                w.WriteEndObject();
            });
            _log.Verbose($"{(route == "copilot" ? "Copilot" : "Enhancement")} for '{fileName}' in project {projectId}" + (parentVersionId == null ? string.Empty : $" from version {parentVersionId}") + $": {value}");
            var payload = await _http.SendAsync(HttpMethod.Post, ImagePath(projectId, fileName) + "/" + route, body, retry: false, cancellationToken).ConfigureAwait(false);
            string? versionId = null;
            if (payload.ValueKind == JsonValueKind.Object && payload.TryGetProperty("version_id", out var version))
            {
                versionId = version.ValueKind == JsonValueKind.Number || version.ValueKind == JsonValueKind.String ? version.ToString() : null;
            }

            var url = ApiEnvelope.GetString(payload, "enhanced_image_url");
            Uri? link = url != null && Uri.TryCreate(url, UriKind.Absolute, out var parsed) ? parsed : null;
            return new ImagenEnhancement(projectId, source, fileName, value, ApiEnvelope.GetString(payload, "status"), versionId, parentVersionId, link);
        }

        private static string ImagePath(string projectId, string fileName) => ProjectPath(projectId) + "/images/" + Uri.EscapeDataString(fileName);

        internal static string SourceText(ImagenProjectSource source) => source == ImagenProjectSource.SmartEdit ? "I2I" : "REGULAR";
    }
}
