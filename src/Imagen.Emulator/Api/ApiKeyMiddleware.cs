using System.Security.Cryptography;
using System.Text;
using Imagen.Emulator.Hosting;

namespace Imagen.Emulator.Api;

/// <summary>
/// Checks <c>x-api-key</c> on every <c>/v1</c> request (§1.3). A missing or wrong key gets 401, or 403 when the
/// emulator plays API Gateway. Storage and admin routes are not API calls and carry no key.
/// </summary>
public sealed class ApiKeyMiddleware(RequestDelegate next, SettingsStore settings, ApiResponder responder, EmulatorIdentity identity)
{
    public const string HeaderName = "x-api-key";

    public async Task InvokeAsync(HttpContext context)
    {
        if (context.Request.Path.StartsWithSegments("/v1"))
        {
            string? presented = context.Request.Headers[HeaderName].FirstOrDefault();
            if (string.IsNullOrEmpty(presented))
            {
                await responder.WriteErrorAsync(context, settings.Current.AuthFailureStatus,
                    "Missing API key: send it in the x-api-key header.");
                return;
            }
            if (!KeysMatch(presented, identity.ApiKey))
            {
                await responder.WriteErrorAsync(context, settings.Current.AuthFailureStatus, "Invalid API key.");
                return;
            }
        }
        await next(context);
    }

    private static bool KeysMatch(string presented, string expected) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), Encoding.UTF8.GetBytes(expected));
}
