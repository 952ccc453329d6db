namespace Imagen.Core
{
    /// <summary>
    /// Where Core tells its story. Verbose: the steps of a run. Debug: each HTTP call (method, URL, status) and every
    /// retry decision. Messages never contain the API key. Implementations must be thread-safe: transfers run
    /// concurrently.
    /// </summary>
    public interface IImagenLog
    {
        /// <summary>
        /// False when Debug messages are discarded: a per-transfer message is then not formatted at all (for 20,000
        /// small files that formatting is a measurable share of the client's CPU).
        /// </summary>
        bool IsDebugEnabled { get; }

        void Verbose(string message);

        void Debug(string message);
    }
}
