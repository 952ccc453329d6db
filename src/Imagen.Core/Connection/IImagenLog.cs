namespace Imagen.Core
{
    /// <summary>
    /// Where Core tells its story. Verbose: the steps of a run. Debug: each HTTP call (method, URL, status) and every
    /// retry decision. Messages never contain the API key. Implementations must be thread-safe: transfers run
    /// concurrently.
    /// </summary>
    public interface IImagenLog
    {
        void Verbose(string message);

        void Debug(string message);
    }
}
