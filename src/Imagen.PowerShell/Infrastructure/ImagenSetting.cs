using System;
using System.Globalization;
using System.Linq.Expressions;
using System.Management.Automation;
using System.Reflection;
using Imagen.Core;
using Imagen.PowerShell.Errors;

namespace Imagen.PowerShell.Infrastructure
{
    /// <summary>
    /// One line of <see cref="SettingsResolver"/>: a setting's parameter (its type and range come from the
    /// declaration), its environment variable, and the ImagenClientOptions property it sets (where Core reads it). A value read from the
    /// variable is held to the same type and range as the parameter, so a scheduled task cannot set what the command
    /// line would refuse.
    /// </summary>
    internal sealed class ImagenSetting
    {
        private readonly PropertyInfo _option;
        private readonly Type _type;
        private readonly double _minimum;
        private readonly double _maximum;
        private Func<string, string, object>? _parse;

        private ImagenSetting(string name, string? parameter, Type type, ValidateRangeAttribute? range, string variable, PropertyInfo option)
        {
            Name = name;
            Parameter = parameter;
            _type = type;
            _minimum = range is null ? 0 : Convert.ToDouble(range.MinRange, CultureInfo.InvariantCulture);
            _maximum = range is null ? double.MaxValue : Convert.ToDouble(range.MaxRange, CultureInfo.InvariantCulture);
            Variable = variable;
            _option = option;
        }

        /// <summary>The setting's name: its parameter's, or for a variable-only setting a name in the same style.</summary>
        public string Name { get; }

        /// <summary>The parameter that sets it on a command and on Connect-Imagen; null when only the variable does.</summary>
        public string? Parameter { get; }

        /// <summary>The IMAGEN_* environment variable that sets it when neither a parameter nor Connect-Imagen does.</summary>
        public string Variable { get; }

        /// <summary>The error id of an unreadable variable.</summary>
        public string ErrorId { get; private set; } = PowerShellErrorIds.InvalidSetting;

        /// <summary>What no value means, as Get-ImagenConnection shows it ("not set": no cap, no limit; "automatic").</summary>
        public string NotSetText { get; private set; } = "not set";

        /// <summary>A setting with a parameter of <see cref="ImagenSettingsCmdlet"/>, applied to an option of the client.</summary>
        public static ImagenSetting Of<T>(Expression<Func<ImagenSettingsCmdlet, T>> parameter, string variable, Expression<Func<ImagenClientOptions, object?>> option)
        {
            PropertyInfo property = PropertyOf(parameter.Body);
            return new ImagenSetting(property.Name, property.Name, typeof(T), property.GetCustomAttribute<ValidateRangeAttribute>(), variable, PropertyOf(option.Body));
        }

        /// <summary>A number of seconds that only its environment variable sets (a tuning knob without a parameter).</summary>
        public static ImagenSetting Seconds(string name, string variable, Expression<Func<ImagenClientOptions, object?>> option) =>
            new ImagenSetting(name, null, typeof(double), null, variable, PropertyOf(option.Body));

        /// <summary>Reads the variable with a parser of its own (which names the variable in its errors), and errors with this id.</summary>
        public ImagenSetting ParsedBy(Func<string, string, object> parse, string errorId)
        {
            _parse = parse;
            ErrorId = errorId;
            return this;
        }

        /// <summary>Shows no value as <paramref name="text"/> (a setting whose default is chosen as the command runs).</summary>
        public ImagenSetting NotSetMeans(string text)
        {
            NotSetText = text;
            return this;
        }

        /// <summary>The variable's value, or null when it is not set; one that cannot be used stops the command, naming it.</summary>
        public object? ReadVariable()
        {
            string? text = Environment.GetEnvironmentVariable(Variable);
            if (string.IsNullOrWhiteSpace(text))
            {
                return null;
            }

            string origin = "the " + Variable + " environment variable";
            try
            {
                return _parse is null ? Parse(text!.Trim(), origin) : _parse(text!, origin);
            }
            catch (ArgumentException error)
            {
                string message = char.ToUpperInvariant(error.Message[0]) + error.Message.Substring(1);
                throw new TerminatingErrorException(new ErrorRecord(new ArgumentException(message, error), ErrorId, ErrorCategory.InvalidArgument, text));
            }
        }

        /// <summary>Sets the client option from a value of the parameter's type.</summary>
        public void Apply(ImagenClientOptions options, object value)
        {
            Type target = Nullable.GetUnderlyingType(_option.PropertyType) ?? _option.PropertyType;
            object converted = target == typeof(TimeSpan)
                ? TimeSpan.FromSeconds(Convert.ToDouble(value, CultureInfo.InvariantCulture))
                : Convert.ChangeType(value, target, CultureInfo.InvariantCulture);
            _option.SetValue(options, converted);
        }

        /// <summary>The default, in the parameter's type (seconds for a time span); null where the default is "none".</summary>
        public object? DefaultIn(ImagenClientOptions defaults)
        {
            object? value = _option.GetValue(defaults);
            if (value is TimeSpan span)
            {
                value = span.TotalSeconds;
            }

            return value is null ? null : Convert.ChangeType(value, _type, CultureInfo.InvariantCulture);
        }

        private object Parse(string text, string origin)
        {
            bool whole = _type == typeof(int);
            bool parsed = double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double number);
            if (!parsed || number < _minimum || number > _maximum || double.IsNaN(number) || (whole && number != Math.Floor(number)))
            {
                string kind = whole ? "a whole number" : "a number";
                string unit = Name.EndsWith("Sec", StringComparison.Ordinal) ? " of seconds" : string.Empty;
                string range = _maximum >= int.MaxValue ? $"of at least {Format(_minimum)}" : $"from {Format(_minimum)} to {Format(_maximum)}";
                string asParameter = Parameter is null ? string.Empty : $", as for -{Parameter}";
                throw new ArgumentException($"{origin} is '{text}': give {kind}{unit} {range}{asParameter}, or remove the variable.");
            }

            return Convert.ChangeType(number, _type, CultureInfo.InvariantCulture);
        }

        private static string Format(double number) => number.ToString("0.###", CultureInfo.InvariantCulture);

        private static PropertyInfo PropertyOf(Expression body)
        {
            // A value-typed option is boxed to object: look through the conversion.
            Expression member = body is UnaryExpression { NodeType: ExpressionType.Convert } convert ? convert.Operand : body;
            return (member as MemberExpression)?.Member as PropertyInfo
                ?? throw new ArgumentException("A setting names one property, e.g. c => c.MaxRetryCount or o => o.MaxRetryAttempts.");
        }
    }
}
