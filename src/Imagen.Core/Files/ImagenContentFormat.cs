namespace Imagen.Core
{
    /// <summary>What a file's first bytes say it is.</summary>
    public enum ImagenContentFormat
    {
        /// <summary>Bytes no rule recognises (possibly a RAW format without a known signature).</summary>
        Unknown,

        /// <summary>Zero bytes long.</summary>
        Empty,

        /// <summary>JPEG (FF D8 FF).</summary>
        Jpeg,

        /// <summary>TIFF container ("II*\0" or "MM\0*"): DNG, NEF, ARW, PEF, SRW, 3FR, FFF and most other RAW formats.</summary>
        TiffRaw,

        /// <summary>Canon CR2: TIFF with "CR" at offset 8.</summary>
        CanonCr2,

        /// <summary>Canon CR3: ISO base media file with brand "crx ".</summary>
        CanonCr3,

        /// <summary>Canon CRW (CIFF, "HEAPCCDR" at offset 6).</summary>
        CanonCrw,

        /// <summary>Olympus ORF ("IIRO" / "IIRS" / "MMOR").</summary>
        OlympusOrf,

        /// <summary>Panasonic RW2 / RAW ("IIU\0").</summary>
        PanasonicRw2,

        /// <summary>Fujifilm RAF ("FUJIFILMCCD-RAW").</summary>
        FujifilmRaf,

        /// <summary>PNG image.</summary>
        Png,

        /// <summary>HEIF/HEIC image.</summary>
        Heif,

        /// <summary>Readable text, not image data.</summary>
        Text,

        /// <summary>The file could not be read.</summary>
        Unreadable,
    }
}
