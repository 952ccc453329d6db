using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using System.Reflection;

namespace Imagen.PowerShell.Infrastructure
{
    /// <summary>
    /// Loads the module's third-party assemblies (System.Text.Json and its polyfills on Windows PowerShell, Polly)
    /// from the <c>dependencies</c> folder beside the cmdlet assembly, so they never sit in the module's root and
    /// never answer another module's requests. Model: PSResourceGet's ModuleInitAndCleanup.cs.
    /// </summary>
    public sealed class DependencyResolver : IModuleAssemblyInitializer, IModuleAssemblyCleanup
    {
        private static readonly Assembly Self = typeof(DependencyResolver).Assembly;
        private static readonly string DependencyFolder =
            Path.Combine(Path.GetDirectoryName(Self.Location) ?? string.Empty, "dependencies");

        // Simple names of the assemblies in the dependencies folder (empty in a development build, where everything
        // sits beside the cmdlet assembly and the loader finds it without help).
        private static readonly HashSet<string> Dependencies = ReadDependencyNames();

        // Our own assemblies: only their requests (and those of our dependencies) are answered.
        private static readonly HashSet<string> OwnAssemblies =
            new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "Imagen.PowerShell", "Imagen.Core" };

#if NET
        // On PowerShell 7 the dependencies live in their own load context, so another module's copy of Polly
        // (or ours) cannot clash.
        private static readonly System.Runtime.Loader.AssemblyLoadContext IsolatedContext =
            new System.Runtime.Loader.AssemblyLoadContext("Imagen.Dependencies", isCollectible: false);
#endif

        private static readonly object Gate = new object();
        private static int _registrations;

        public void OnImport()
        {
            lock (Gate)
            {
                if (_registrations++ == 0)
                {
                    AppDomain.CurrentDomain.AssemblyResolve += Resolve;
                }
            }
        }

        public void OnRemove(PSModuleInfo psModuleInfo)
        {
            lock (Gate)
            {
                if (_registrations > 0 && --_registrations == 0)
                {
                    AppDomain.CurrentDomain.AssemblyResolve -= Resolve;
                }
            }
        }

        private static HashSet<string> ReadDependencyNames()
        {
            var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            if (Directory.Exists(DependencyFolder))
            {
                foreach (string file in Directory.EnumerateFiles(DependencyFolder, "*.dll"))
                {
                    names.Add(Path.GetFileNameWithoutExtension(file));
                }
            }

            return names;
        }

        private static Assembly? Resolve(object? sender, ResolveEventArgs args)
        {
            var requested = new AssemblyName(args.Name);
            if (requested.Name is null || !Dependencies.Contains(requested.Name) || !IsOurs(args.RequestingAssembly))
            {
                return null;
            }

            // Version is not compared: the folder holds the versions our build was tested with, and .NET Framework
            // asks for older ones (System.Memory wants Unsafe 4.0.4.1; STJ 8 ships 6.0.0.0) with no binding redirects.
            string path = Path.Combine(DependencyFolder, requested.Name + ".dll");
#if NET
            return IsolatedContext.LoadFromAssemblyPath(path);
#else
            return Assembly.LoadFrom(path);
#endif
        }

        // On .NET Framework the requesting assembly can be null; then the name alone decides.
        private static bool IsOurs(Assembly? requesting)
        {
            if (requesting is null)
            {
                return true;
            }

            string? name = requesting.GetName().Name;
            return name is not null && (OwnAssemblies.Contains(name) || Dependencies.Contains(name));
        }
    }
}
