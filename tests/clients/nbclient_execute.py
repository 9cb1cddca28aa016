#!/usr/bin/python3
"""Executes a notebook in the real .NET Interactive C# kernel through Jupyter's own client, nbclient,
the way Jupyter and `jupyter nbconvert --execute` do; the kernel runs in the notebook's folder.

  /usr/bin/python3 nbclient_execute.py NOTEBOOK.ipynb OUT.ipynb [CELL_TIMEOUT_S]

Writes the executed notebook to OUT (also when a cell fails, up to that cell). Exit status 0 when
every cell ran; 1, with the failing cell's number, source and error on stderr, when one failed."""
import os
import sys
import time

import nbclient
import nbformat


def main():
    path, out = sys.argv[1], sys.argv[2]
    timeout = int(sys.argv[3]) if len(sys.argv) > 3 else 600
    nb = nbformat.read(path, as_version=4)
    client = nbclient.NotebookClient(nb, kernel_name=".net-csharp", timeout=timeout, allow_errors=False,
                                     resources={"metadata": {"path": os.path.dirname(os.path.abspath(path))}})
    started = time.monotonic()
    status = 0
    try:
        client.execute()
    except nbclient.exceptions.CellExecutionError as e:
        status = 1
        print(f"{os.path.basename(path)}: a cell failed in the .NET Interactive kernel:\n{e}", file=sys.stderr)
    except (nbclient.exceptions.CellTimeoutError, nbclient.exceptions.DeadKernelError) as e:
        status = 1
        print(f"{os.path.basename(path)}: {type(e).__name__}: {e}", file=sys.stderr)
    nbformat.write(nb, out)
    print(f"{os.path.basename(path)}: {'ok' if status == 0 else 'failed'} in {time.monotonic() - started:.1f} s")
    return status


if __name__ == "__main__":
    sys.exit(main())
