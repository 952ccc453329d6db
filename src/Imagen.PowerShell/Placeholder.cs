namespace Imagen.PowerShell { internal static class Placeholder { } }
