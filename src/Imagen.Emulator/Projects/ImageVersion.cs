namespace Imagen.Emulator.Projects;

/// <summary>
/// One Copilot or enhancement result of an image (§3.11): a real JPEG made from its parent (the base image when
/// <see cref="ParentVersionId"/> is null), kept so the next request can chain from it.
/// </summary>
public sealed record ImageVersion(int VersionId, int? ParentVersionId, string Kind, string Request, OutputFile Output);
