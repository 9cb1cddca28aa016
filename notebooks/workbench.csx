// The workbench in a notebook: `#load "workbench.csx"` as the first line of its first code cell,
// in Jupyter or VS Code (the .NET Interactive C# kernel) and under `workbench run` alike. The
// assemblies are the build's (`make build`): the `workbench` command's folder, which holds every
// one of them and TorchSharp's natives.
#r "../artifacts/bin/Workbench.Cli/release/TorchSharp.dll"
#r "../artifacts/bin/Workbench.Cli/release/Workbench.Engine.dll"
#r "../artifacts/bin/Workbench.Cli/release/Workbench.Weights.dll"
#r "../artifacts/bin/Workbench.Cli/release/Workbench.Vision.dll"
#r "../artifacts/bin/Workbench.Cli/release/Workbench.Fcn.dll"
#r "../artifacts/bin/Workbench.Cli/release/Workbench.Notebooks.dll"
