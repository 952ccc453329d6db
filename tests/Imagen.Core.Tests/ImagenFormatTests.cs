using System.Globalization;

namespace Imagen.Core.Tests;

public class ImagenFormatTests
{
    [Theory]
    [InlineData(0L, "0 B")]
    [InlineData(1023L, "1023 B")]
    [InlineData(1024L, "1 KB")]
    [InlineData(655360L, "640 KB")]
    [InlineData(1572864L, "1.5 MB")]
    [InlineData(5L * 1024 * 1024 * 1024, "5 GB")]
    [InlineData(3L * 1024 * 1024 * 1024 * 1024 * 1024, "3072 TB")]
    public void BytesAreShownInTheLargestUnitWithOneDecimalAtMost(long bytes, string expected)
    {
        Assert.Equal(expected, ImagenFormat.Bytes(bytes));
    }

    [Fact]
    public void TheCallerChoosesTheCultureAndTheDefaultIsInvariant()
    {
        var previous = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = new CultureInfo("de-DE");
            Assert.Equal("1.5 MB", ImagenFormat.Bytes(1572864));
            Assert.Equal("1,5 MB", ImagenFormat.Bytes(1572864, CultureInfo.CurrentCulture));
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }
}
