using System;
using System.Globalization;
using System.Text.Json;

namespace Imagen.Core
{
    /// <summary>
    /// The response envelope rule (imagen-api.md §2.1): a JSON object whose only key is "data" stands for its value;
    /// anything else is the payload itself. The beta host wraps, production may not, and the client accepts both.
    /// </summary>
    internal static class ApiEnvelope
    {
        public static JsonElement Parse(string body)
        {
            if (string.IsNullOrWhiteSpace(body))
            {
                return default;
            }

            using (var document = JsonDocument.Parse(body))
            {
                return Unwrap(document.RootElement).Clone();
            }
        }

        public static JsonElement Unwrap(JsonElement root)
        {
            if (root.ValueKind == JsonValueKind.Object)
            {
                var count = 0;
                JsonElement data = default;
                foreach (var property in root.EnumerateObject())
                {
                    count++;
                    if (property.NameEquals("data"))
                    {
                        data = property.Value;
                    }
                }

                if (count == 1 && data.ValueKind != JsonValueKind.Undefined)
                {
                    return data;
                }
            }

            return root;
        }

        /// <summary>
        /// Finds the list named <paramref name="listName"/>: a bare array, or an object holding it under that name.
        /// </summary>
        public static bool TryGetList(JsonElement payload, string listName, out JsonElement list)
        {
            if (payload.ValueKind == JsonValueKind.Array)
            {
                list = payload;
                return true;
            }

            if (payload.ValueKind == JsonValueKind.Object && payload.TryGetProperty(listName, out list))
            {
                list = Unwrap(list);
                return list.ValueKind == JsonValueKind.Array;
            }

            list = default;
            return false;
        }

        public static string? GetString(JsonElement item, string name)
        {
            if (item.ValueKind != JsonValueKind.Object || !item.TryGetProperty(name, out var value))
            {
                return null;
            }

            switch (value.ValueKind)
            {
                case JsonValueKind.String:
                    return value.GetString();
                case JsonValueKind.Number:
                case JsonValueKind.True:
                case JsonValueKind.False:
                    return value.GetRawText();
                default:
                    return null;
            }
        }

        /// <summary>
        /// A timestamp, whose format the API does not document: ISO 8601 or another invariant date text (UTC when it
        /// names no offset), or Unix seconds (milliseconds when the number is that large). Null when absent or unreadable.
        /// </summary>
        public static DateTimeOffset? GetTime(JsonElement item, string name)
        {
            if (item.ValueKind != JsonValueKind.Object || !item.TryGetProperty(name, out var value))
            {
                return null;
            }

            if (value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var epoch))
            {
                const long MillisecondsFrom = 100_000_000_000; // Unix seconds reach this only in the year 5138
                return Math.Abs(epoch) >= MillisecondsFrom ? DateTimeOffset.FromUnixTimeMilliseconds(epoch) : DateTimeOffset.FromUnixTimeSeconds(epoch);
            }

            if (value.ValueKind == JsonValueKind.String &&
                DateTimeOffset.TryParse(value.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
            {
                return time;
            }

            return null;
        }

        public static int? GetInt(JsonElement item, string name)
        {
            if (item.ValueKind != JsonValueKind.Object || !item.TryGetProperty(name, out var value))
            {
                return null;
            }

            if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number))
            {
                return number;
            }

            // The Postman collection sends profile_key as a string; servers and clients coerce.
            if (value.ValueKind == JsonValueKind.String && int.TryParse(value.GetString(), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out number))
            {
                return number;
            }

            return null;
        }

        public static double? GetDouble(JsonElement item, string name)
        {
            if (item.ValueKind != JsonValueKind.Object || !item.TryGetProperty(name, out var value))
            {
                return null;
            }

            if (value.ValueKind == JsonValueKind.Number)
            {
                return value.GetDouble();
            }

            if (value.ValueKind == JsonValueKind.String && double.TryParse(value.GetString(), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var number))
            {
                return number;
            }

            return null;
        }

        public static bool? GetBool(JsonElement item, string name)
        {
            if (item.ValueKind != JsonValueKind.Object || !item.TryGetProperty(name, out var value))
            {
                return null;
            }

            return value.ValueKind == JsonValueKind.True ? true : value.ValueKind == JsonValueKind.False ? false : (bool?)null;
        }
    }
}
