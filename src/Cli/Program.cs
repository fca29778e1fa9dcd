using Tusk.Cli;

// The tusk command: see CliApp for the commands and docs/cli.md for the manual.
return await CliApp.RunAsync(args, CliConsole.CreateSystem()).ConfigureAwait(false);
