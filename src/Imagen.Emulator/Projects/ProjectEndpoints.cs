using System.Globalization;
using System.Text.Json;
using Imagen.Emulator.Api;
using Imagen.Emulator.Hosting;

namespace Imagen.Emulator.Projects;

/// <summary>Create, list, get and name-to-id of regular projects (§3.2).</summary>
public static class ProjectEndpoints
{
    public static void MapProjectEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapApi("POST", "/v1/projects", RouteNames.ProjectsCreate,
            (HttpContext context, ProjectStore projects, ApiResponder responder) => CreateAsync(context, projects, responder, ProjectFamily.Regular));
        app.MapApi("GET", "/v1/projects", RouteNames.ProjectsList,
            (HttpContext context, ProjectStore projects, ApiResponder responder, SettingsStore settings) => List(context, projects, responder, settings, ProjectFamily.Regular));
        app.MapApi("GET", "/v1/projects/{projectUuid}", RouteNames.ProjectsGet,
            (string projectUuid, ProjectStore projects, ApiResponder responder, SettingsStore settings) => Get(projectUuid, projects, responder, settings, ProjectFamily.Regular));
        app.MapApi("GET", "/v1/projects/{projectName}/uuid", RouteNames.ProjectsUuid, Resolve);
    }

    /// <summary>Body <c>{"name": …}</c>, <c>{}</c> or none; a name must be new in its family (§3.2.1, §3.10).</summary>
    public static async Task<IResult> CreateAsync(HttpContext context, ProjectStore projects, ApiResponder responder, ProjectFamily family)
    {
        var body = await JsonBody.ReadAsync(context.Request, context.RequestAborted);
        if (body.Problem is not null) return responder.ValidationError([body.Problem]);

        string? name = null;
        if (body.Root is { } root)
        {
            if (root.ValueKind != JsonValueKind.Object)
                return responder.ValidationError([new ValidationIssue(["body"], "Input should be a valid dictionary or object", "model_attributes_type")]);
            if (root.TryGetProperty("name", out var nameElement) && nameElement.ValueKind != JsonValueKind.Null)
            {
                if (nameElement.ValueKind != JsonValueKind.String)
                    return responder.ValidationError([new ValidationIssue(["body", "name"], "Input should be a valid string", "string_type")]);
                name = nameElement.GetString()!.Trim();
                if (name.Length == 0)
                    return responder.ValidationError([new ValidationIssue(["body", "name"], "String should have at least 1 character", "string_too_short")]);
            }
        }

        var project = projects.TryCreate(name, family);
        if (project is null)
            return responder.Error(StatusCodes.Status400BadRequest, $"Project with name '{name}' already exists");
        return responder.Ok(new { project_uuid = project.Uuid, name = project.Name });
    }

    /// <summary>Paged, newest first; <c>size</c> 1-100 (20), <c>page</c> from 0, <c>is_archived</c> (nothing is ever archived).</summary>
    public static IResult List(HttpContext context, ProjectStore projects, ApiResponder responder, SettingsStore settings, ProjectFamily family)
    {
        var query = context.Request.Query;
        var issues = new List<ValidationIssue>();
        int size = QueryInt(query, "size", 20, 1, 100, issues);
        int page = QueryInt(query, "page", 0, 0, int.MaxValue, issues);
        bool? archived = null;
        if (query.TryGetValue("is_archived", out var archivedText))
        {
            if (bool.TryParse(archivedText, out bool parsed)) archived = parsed;
            else issues.Add(new ValidationIssue(["query", "is_archived"], "Input should be a valid boolean", "bool_parsing"));
        }
        if (issues.Count > 0) return responder.ValidationError(issues);

        IReadOnlyList<Project> all = archived == true ? [] : projects.All(family);
        string casing = settings.Current.StatusCasing;
        var items = all.Skip(checked(page * size)).Take(size).Select(p => ProjectView.Of(p, casing)).ToList();
        return responder.Ok(new { projects = items, pagination = new { total = all.Count, size, page } });
    }

    public static IResult Get(string projectUuid, ProjectStore projects, ApiResponder responder, SettingsStore settings, ProjectFamily family) =>
        projects.Find(projectUuid, family) is { } project
            ? responder.Ok(ProjectView.Of(project, settings.Current.StatusCasing))
            : ProjectNotFound(responder);

    /// <summary>Returns <c>{"project_uuid": …}</c> for a name (§3.2.4); an escaped slash in the name is honoured.</summary>
    private static IResult Resolve(string projectName, ProjectStore projects, ApiResponder responder)
    {
        string name = projectName.Replace("%2F", "/", StringComparison.OrdinalIgnoreCase);
        return projects.FindByName(name) is { } project
            ? responder.Ok(new { project_uuid = project.Uuid })
            : responder.Error(StatusCodes.Status404NotFound, $"Project with name '{name}' not found");
    }

    public static IResult ProjectNotFound(ApiResponder responder) => responder.Error(StatusCodes.Status404NotFound, "Project not found");

    private static int QueryInt(IQueryCollection query, string name, int fallback, int min, int max, List<ValidationIssue> issues)
    {
        if (!query.TryGetValue(name, out var text)) return fallback;
        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) && value >= min && value <= max)
            return value;
        issues.Add(new ValidationIssue(["query", name], $"Input should be a whole number from {min}" + (max < int.MaxValue ? $" to {max}" : " up"), "int_parsing"));
        return fallback;
    }
}
