namespace Imagen.Core.Tests; public class Smoke { [Xunit.Fact] public void Builds() { } }
