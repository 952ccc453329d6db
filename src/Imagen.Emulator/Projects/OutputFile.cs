namespace Imagen.Emulator.Projects;

/// <summary>One downloadable result of an edit or an export, made from the input file <see cref="FileId"/>.</summary>
public sealed record OutputFile(string FileId, string FileName, string Path, string Md5Hex);
