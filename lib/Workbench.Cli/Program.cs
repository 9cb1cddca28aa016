using Workbench.Cli;

return await CommandLine.RunAsync(args);
