using System.Text.Json;

namespace Xnai.Tests;

/// <summary>
/// The services' JSON settings (web defaults: camelCase; snake_case for chatapi's operator endpoints), read strictly: a
/// constructor parameter missing from the body, or null where the record says it cannot be, throws, as walking the JSON
/// by name did. Which names are written is pinned once, in <see cref="Functional.WireShapeTests"/>.
/// </summary>
internal static class ContractJson
{
    public static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web)
    {
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
    };

    public static readonly JsonSerializerOptions SnakeCase = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
    };
}
