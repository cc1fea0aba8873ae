using HospitalOps.Host.Cli;

return await Commands.RunAsync(args);
