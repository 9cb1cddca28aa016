#!/usr/bin/python3
"""The browser check of an executed notebook: converted to HTML by Jupyter's own nbconvert, each
workbench figure's box is opened in headless Chromium with scripts forbidden (a Content-Security-Policy
of script-src 'none'; Chromium's --blink-settings=scriptEnabled=false stops its screenshots) and screenshotted, and
the screenshot must hold an image (not a blank box). This is how a figure shows where no script runs.

  /usr/bin/python3 browser_check.py EXECUTED.ipynb WORKDIR

Prints one line per figure (its size and how much of it is drawn) and exits 0 when every figure shows,
1 when one is blank or none is found, 2 when a tool is missing."""
import html
import os
import re
import shutil
import subprocess
import sys

from PIL import Image

CHROMIUM = next((p for p in ("/usr/lib/chromium/chromium", shutil.which("chromium") or "") if p and os.path.exists(p)), None)


def main():
    notebook, work = sys.argv[1], sys.argv[2]
    os.makedirs(work, exist_ok=True)
    if CHROMIUM is None:
        print("chromium is not installed (Debian: apt-get install chromium)", file=sys.stderr)
        return 2
    page = os.path.join(work, "notebook.html")
    subprocess.run(["jupyter", "nbconvert", "--to", "html", notebook, "--output", page], check=True, capture_output=True)
    text = open(page, encoding="utf-8").read()
    boxes = re.findall(r'<div class="workbench-figure" id="[^"]+"><img [^>]+/></div>', text)
    if not boxes:
        print(f"{notebook}: no workbench figure in the HTML nbconvert made", file=sys.stderr)
        return 1
    failed = 0
    for i, box in enumerate(boxes):
        width = int(re.search(r'width="(\d+)"', box).group(1))
        height = int(re.search(r'height="(\d+)"', box).group(1))
        alt = html.unescape(re.search(r'alt="([^"]*)"', box).group(1))
        one = os.path.join(work, f"figure-{i}.html")
        with open(one, "w", encoding="utf-8") as f:
            # No script may run: what shows is what a reader without JavaScript sees.
            f.write('<!DOCTYPE html><html><head><meta http-equiv="Content-Security-Policy" content="script-src \'none\'"></head>'
                    f'<body style="margin:0;overflow:hidden;background:#fff">{box}</body></html>')
        shot = os.path.join(work, f"figure-{i}.png")
        subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                        "--disable-background-networking", "--disable-component-update", "--disable-sync",
                        f"--user-data-dir={os.path.join(work, 'profile')}",
                        f"--window-size={width},{height}", f"--screenshot={shot}", "file://" + one],
                       check=True, capture_output=True, timeout=60)
        image = Image.open(shot).convert("RGB")
        pixels = list(image.getdata())
        drawn = sum(1 for p in pixels if p != (255, 255, 255)) / len(pixels)
        colours = len(set(pixels[::7]))
        ok = drawn > 0.01 and colours > 8
        failed += not ok
        print(f"figure {i} '{alt}': {width}x{height}, {100 * drawn:.1f}% drawn, {colours} colours: {'shows' if ok else 'BLANK'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
