using Imagen.Emulator;
using Imagen.Emulator.CommandLine;
using Imagen.Emulator.Samples;

// The emulator as a program: serve (the default) or write sample photos. See README.md beside this file.
try
{
    var command = CommandLineParser.Parse(args);
    switch (command.What)
    {
        case EmulatorCommand.Action.Help:
            Console.WriteLine(CommandLineParser.Usage);
            return 0;

        case EmulatorCommand.Action.GenerateSamples:
            var written = SampleShootGenerator.Generate(command.SamplesDirectory!, command.SampleCount, command.SampleKind, command.SampleSeed);
            foreach (string path in written) Console.WriteLine(path);
            Console.Error.WriteLine($"Wrote {written.Count} sample photo(s) to {Path.GetFullPath(command.SamplesDirectory!)}.");
            return 0;

        default:
            await using (var server = await EmulatorServer.StartAsync(command.Options))
            {
                Console.WriteLine($"Imagen emulator listening on {server.BaseUrl}");
                Console.WriteLine($"API key: {server.ApiKey}");
                Console.WriteLine($"Data folder: {server.DataDirectory}");
                Console.WriteLine($"Admin: {server.RootUrl}admin/  (Ctrl+C to stop)");
                await server.WaitForShutdownAsync();
            }
            return 0;
    }
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine(ex.Message);
    return 2;
}
catch (Exception ex) when (ex is IOException or InvalidDataException or UnauthorizedAccessException)
{
    // A port in use, an unreadable profiles file, a folder that cannot be written: say which, without a stack trace.
    Console.Error.WriteLine(ex.Message);
    return 1;
}
