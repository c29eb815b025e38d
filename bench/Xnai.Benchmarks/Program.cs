using BenchmarkDotNet.Running;

// Every benchmark class in the assembly (Resilience/, Rag/, Voice/, ...) is selectable with --filter.
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
