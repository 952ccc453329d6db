namespace Imagen.Core { internal static class Placeholder { } }
