using System;
using System.Collections.Generic;

namespace Imagen.PowerShell.Tests.Infrastructure;

/// <summary>Sets environment variables for one test and restores them afterwards (tests in the collection run serially).</summary>
public sealed class EnvironmentScope : IDisposable
{
    private readonly List<(string Name, string? Value)> _saved = new();

    public EnvironmentScope(params (string Name, string? Value)[] variables)
    {
        foreach (var (name, value) in variables)
        {
            _saved.Add((name, Environment.GetEnvironmentVariable(name)));
            Environment.SetEnvironmentVariable(name, value);
        }
    }

    public void Dispose()
    {
        foreach (var (name, value) in _saved)
        {
            Environment.SetEnvironmentVariable(name, value);
        }
    }
}
