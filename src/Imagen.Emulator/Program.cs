using Imagen.Emulator;
using Imagen.Emulator.CommandLine;
using Imagen.Emulator.Samples;

EmulatorCommand command;
try
{
    command = CommandLineParser.Parse(args);
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine(ex.Message);
    return 2;
}

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
