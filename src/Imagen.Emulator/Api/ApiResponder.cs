using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Imagen.Emulator.Hosting;

namespace Imagen.Emulator.Api;

/// <summary>
/// Writes API responses in the configured dialects: the success envelope of §2.1 and the error body of §2.2.
/// Every endpoint answers through here so a switch changes every route at once.
/// </summary>
public sealed class ApiResponder(SettingsStore settings)
{
    /// <summary>snake_case, as on the wire.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        // Plain '&' and quotes, as a Python server writes them (CLEAN & CRISP, not CLEAN \u0026 CRISP).
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>A 200 with <paramref name="payload"/> wrapped or bare as configured.</summary>
    public IResult Ok(object payload)
    {
        JsonNode? body = JsonSerializer.SerializeToNode(payload, Json);
        return Results.Json(Wrap(body), Json);
    }

    /// <summary>
    /// A 200 whose payload is a list held under <paramref name="listProperty"/>, e.g. <c>{"profiles":[...]}</c>; the
    /// "list" envelope sends the bare array instead (the production shape of §2.1).
    /// </summary>
    public IResult OkList<T>(string listProperty, IEnumerable<T> items)
    {
        JsonNode? array = JsonSerializer.SerializeToNode(items, Json);
        if (settings.Current.Envelope == EnvelopeKinds.List)
            return Results.Json(array, Json);
        return Results.Json(Wrap(new JsonObject { [listProperty] = array }), Json);
    }

    /// <summary>An error with one message, in the configured dialect.</summary>
    public IResult Error(int statusCode, string message) =>
        Results.Json(ErrorBody(message, detail: null), Json, statusCode: statusCode);

    /// <summary>
    /// A 422 request-validation failure. The detail dialect gets FastAPI's list of <c>{loc, msg, type}</c>; the
    /// others get the issues joined into one message.
    /// </summary>
    public IResult ValidationError(IReadOnlyList<ValidationIssue> issues)
    {
        string message = string.Join(" ", issues.Select(i => i.Describe()));
        var detail = new JsonArray(issues.Select(i => (JsonNode)new JsonObject
        {
            ["loc"] = new JsonArray(i.Location.Select(l => (JsonNode)JsonValue.Create(l)!).ToArray()),
            ["msg"] = i.Message,
            ["type"] = i.Type,
        }).ToArray());
        return Results.Json(ErrorBody(message, detail), Json, statusCode: StatusCodes.Status422UnprocessableEntity);
    }

    /// <summary>Writes an error directly (middleware has no endpoint to return a result from).</summary>
    public Task WriteErrorAsync(HttpContext context, int statusCode, string message) =>
        Error(statusCode, message).ExecuteAsync(context);

    private JsonNode? Wrap(JsonNode? payload) =>
        settings.Current.Envelope == EnvelopeKinds.Data ? new JsonObject { ["data"] = payload } : payload;

    private JsonObject ErrorBody(string message, JsonNode? detail)
    {
        JsonNode detailNode = detail ?? JsonValue.Create(message)!;
        return settings.Current.ErrorDialect switch
        {
            ErrorDialects.Detail => new JsonObject { ["detail"] = detailNode },
            ErrorDialects.Error => new JsonObject { ["error"] = new JsonObject { ["message"] = message } },
            ErrorDialects.ErrorString => new JsonObject { ["error"] = message },
            _ => new JsonObject { ["error"] = new JsonObject { ["message"] = message }, ["detail"] = detailNode },
        };
    }
}

/// <summary>One problem with a request body: where (<c>["body","profile_key"]</c>), what, and FastAPI's error type.</summary>
public sealed record ValidationIssue(IReadOnlyList<string> Location, string Message, string Type)
{
    /// <summary>"photography_type: Input should be ..." — the location without its leading "body".</summary>
    public string Describe()
    {
        var where = Location.SkipWhile(l => l == "body").ToList();
        return (where.Count == 0 ? "body" : string.Join('.', where)) + ": " + Message.TrimEnd('.') + ".";
    }
}
