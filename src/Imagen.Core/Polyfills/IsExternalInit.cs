#if !NET5_0_OR_GREATER
// Lets `init` accessors compile for .NET Framework 4.7.2, which lacks this marker type.
namespace System.Runtime.CompilerServices
{
    internal static class IsExternalInit
    {
    }
}
#endif
