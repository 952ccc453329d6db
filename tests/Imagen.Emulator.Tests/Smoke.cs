namespace Imagen.Emulator.Tests; public class Smoke { [Xunit.Fact] public void Builds() { } }
