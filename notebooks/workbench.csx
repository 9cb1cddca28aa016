// The workbench in a notebook: `#load "workbench.csx"` as the first line of its first code cell,
// in Jupyter or VS Code (the .NET Interactive C# kernel) and under `workbench run` alike. The
// assemblies are the build's (`make build`); their folder also holds TorchSharp's natives.
#r "../artifacts/bin/Workbench.Notebooks/release/TorchSharp.dll"
#r "../artifacts/bin/Workbench.Notebooks/release/Workbench.Engine.dll"
#r "../artifacts/bin/Workbench.Notebooks/release/Workbench.Weights.dll"
#r "../artifacts/bin/Workbench.Notebooks/release/Workbench.Vision.dll"
#r "../artifacts/bin/Workbench.Notebooks/release/Workbench.Fcn.dll"
#r "../artifacts/bin/Workbench.Notebooks/release/Workbench.Notebooks.dll"
