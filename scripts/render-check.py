#!/usr/bin/env python3
"""Render check for the plan advisor's charts and pages (tarifc compare).

    scripts/render-check.py [--out DIR] FILE.svg|FILE.html ...

For each .svg: parses it as XML (xml.etree); renders it with rsvg-convert;
decodes the PNG (zlib + struct, no PIL) and checks that its size is the
SVG's width x height, that it is not blank (enough distinct colours and
non-white pixels), and that the colour of every plotted series (the
elements with class="series": polyline strokes, bar and dot fills) shows in
the render. It then renders the series alone (every other element removed)
and checks each colour again, so that a legend swatch cannot stand in for a
line that failed to draw.

For each .html: checks that it is self-contained (no http(s) resource, no
<link>, no <script src>), has <meta charset="utf-8">, parses its inline
<svg> with xml.etree, screenshots it with headless Chromium at 1200x2000
and checks that the PNG has that size, is not blank, and shows the chart's
series colours. (Chromium renders headless here: `chromium --headless
--no-sandbox --disable-gpu --screenshot`; no fallback is needed.)

Needs rsvg-convert (librsvg2-bin) and chromium (scripts/setup.sh installs
both). Exits 1 with a message naming the file and the failed check.
"""
import argparse
import copy
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
import zlib
from collections import Counter

SVG_NS = "{http://www.w3.org/2000/svg}"
MIN_SERIES_PIXELS = 20   # pixels of a series colour a render must show (a lone dot: ~50)
TOLERANCE = 20           # per channel: antialiasing shifts line colours slightly
MIN_COLOURS = 6          # distinct colours of a render that is not blank
MIN_INK = 0.005          # share of non-white pixels of a render that is not blank


class CheckError(Exception):
    pass


def decode_png(path):
    """(width, height, Counter of (r, g, b)): 8-bit, non-interlaced PNGs."""
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise CheckError(f"{path}: not a PNG")
    pos, idat, palette, ihdr = 8, [], None, None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        pos += 12 + length
        if kind == b"IHDR":
            ihdr = struct.unpack(">IIBBBBB", body)
        elif kind == b"PLTE":
            palette = [tuple(body[i:i + 3]) for i in range(0, len(body), 3)]
        elif kind == b"IDAT":
            idat.append(body)
        elif kind == b"IEND":
            break
    if ihdr is None:
        raise CheckError(f"{path}: no IHDR")
    width, height, depth, ctype, _, _, interlace = ihdr
    channels = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}.get(ctype)
    if depth != 8 or channels is None or interlace:
        raise CheckError(f"{path}: unsupported PNG (depth {depth}, colour type {ctype}, interlace {interlace})")
    raw = zlib.decompress(b"".join(idat))
    stride = width * channels
    prev = bytearray(stride)
    colours = Counter()
    for y in range(height):
        start = y * (stride + 1)
        ftype, line = raw[start], bytearray(raw[start + 1:start + 1 + stride])
        if ftype == 1:
            for i in range(channels, stride):
                line[i] = (line[i] + line[i - channels]) & 255
        elif ftype == 2:
            line = bytearray((a + b) & 255 for a, b in zip(line, prev))
        elif ftype == 3:
            for i in range(stride):
                left = line[i - channels] if i >= channels else 0
                line[i] = (line[i] + ((left + prev[i]) >> 1)) & 255
        elif ftype == 4:
            for i in range(stride):
                a = line[i - channels] if i >= channels else 0
                b, c = prev[i], (prev[i - channels] if i >= channels else 0)
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        elif ftype != 0:
            raise CheckError(f"{path}: bad filter type {ftype} on row {y}")
        prev = line
        if ctype == 3:
            colours.update(palette[i] for i in line)
        elif ctype in (0, 4):
            colours.update((v, v, v) for v in line[::channels])
        else:
            # Alpha (type 6) is composited over white, as a viewer shows it.
            if channels == 3:
                colours.update(zip(line[0::3], line[1::3], line[2::3]))
            else:
                for r, g, b, a in zip(line[0::4], line[1::4], line[2::4], line[3::4]):
                    colours[tuple((v * a + 255 * (255 - a)) // 255 for v in (r, g, b))] += 1
    return width, height, colours


def hex_colour(text):
    m = re.fullmatch(r"#([0-9a-fA-F]{6})", (text or "").strip())
    return tuple(int(m.group(1)[i:i + 2], 16) for i in (0, 2, 4)) if m else None


def series_colours(svg):
    """The colour of every class="series" element: stroke, else fill."""
    found = set()
    for el in svg.iter():
        if "series" in (el.get("class") or "").split():
            colour = hex_colour(el.get("stroke")) or hex_colour(el.get("fill"))
            if colour:
                found.add(colour)
    return sorted(found)


def pixels_near(colours, want):
    return sum(n for c, n in colours.items() if max(abs(a - b) for a, b in zip(c, want)) <= TOLERANCE)


def check_render(name, colours, width, height, want_colours):
    total = width * height
    if len(colours) < MIN_COLOURS:
        raise CheckError(f"{name}: blank render ({len(colours)} distinct colours)")
    ink = total - colours.get((255, 255, 255), 0)
    if ink < MIN_INK * total:
        raise CheckError(f"{name}: blank render (only {ink} non-white pixels of {total})")
    for want in want_colours:
        got = pixels_near(colours, want)
        if got < MIN_SERIES_PIXELS:
            raise CheckError(f"{name}: series colour #{bytes(want).hex()} shows in {got} pixels "
                             f"(at least {MIN_SERIES_PIXELS} expected)")
    return ink


def rsvg(svg_path, png_path):
    done = subprocess.run(["rsvg-convert", "-o", png_path, svg_path], capture_output=True, text=True)
    if done.returncode != 0 or not os.path.exists(png_path):
        raise CheckError(f"{svg_path}: rsvg-convert failed: {done.stderr.strip()}")


def parse_svg(text, name):
    try:
        root = ET.fromstring(text)
    except ET.ParseError as e:
        raise CheckError(f"{name}: not well-formed XML: {e}")
    if root.tag != SVG_NS + "svg":
        raise CheckError(f"{name}: the root element is {root.tag}, not an SVG <svg>")
    for attr in ("width", "height", "viewBox"):
        if root.get(attr) is None:
            raise CheckError(f"{name}: <svg> has no {attr}")
    return root


def check_svg(path, out):
    root = parse_svg(open(path, encoding="utf-8").read(), path)
    want = series_colours(root)
    png = os.path.join(out, os.path.basename(path) + ".png")
    rsvg(path, png)
    width, height, colours = decode_png(png)
    if (width, height) != (int(root.get("width")), int(root.get("height"))):
        raise CheckError(f"{path}: render is {width}x{height}, the SVG says {root.get('width')}x{root.get('height')}")
    ink = check_render(path, colours, width, height, want)
    # The series alone: the background and the class="series" elements.
    alone = copy.deepcopy(root)
    for parent in list(alone.iter()):
        for child in list(parent):
            keep = "series" in (child.get("class") or "").split() or (
                child.tag == SVG_NS + "rect" and child.get("x") == "0" and child.get("y") == "0")
            if not keep:
                parent.remove(child)
    alone_svg = os.path.join(out, os.path.basename(path) + ".series.svg")
    ET.ElementTree(alone).write(alone_svg, encoding="utf-8")
    rsvg(alone_svg, alone_svg + ".png")
    _, _, alone_colours = decode_png(alone_svg + ".png")
    for c in want:
        got = pixels_near(alone_colours, c)
        if got < MIN_SERIES_PIXELS:
            raise CheckError(f"{path}: the series of colour #{bytes(c).hex()} alone draws {got} pixels")
    return f"{width}x{height}, {len(colours)} colours, {ink} ink pixels, {len(want)} series colours shown"


def check_html(path, out):
    text = open(path, encoding="utf-8").read()
    if '<meta charset="utf-8">' not in text:
        raise CheckError(f'{path}: no <meta charset="utf-8">')
    for pattern, what in ((r"(?:src|href)\s*=\s*[\"']?\s*(?:https?:)?//", "an external resource"),
                          (r"<link\b", "a <link>"), (r"<script\b[^>]*\bsrc\b", "an external script"),
                          (r"@import", "a CSS @import"), (r"url\(\s*[\"']?(?:https?:)?//", "a CSS url()")):
        if re.search(pattern, text, re.I):
            raise CheckError(f"{path}: not self-contained: {what}")
    svgs = re.findall(r"<svg\b.*?</svg>", text, re.S)
    if not svgs:
        raise CheckError(f"{path}: no inline <svg>")
    want = []
    for i, s in enumerate(svgs):
        want += series_colours(parse_svg(s, f"{path} (inline svg {i + 1})"))
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        raise CheckError("chromium is not installed (scripts/setup.sh installs it)")
    png = os.path.join(out, os.path.basename(path) + ".png")
    with tempfile.TemporaryDirectory() as profile:
        cmd = [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
               f"--user-data-dir={profile}", f"--screenshot={png}", "--window-size=1200,2000",
               "file://" + os.path.abspath(path)]
        try:
            done = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
        except subprocess.TimeoutExpired:
            raise CheckError(f"{path}: chromium did not finish in 120 s")
    if not os.path.exists(png):
        raise CheckError(f"{path}: chromium wrote no screenshot: {done.stderr.strip()[-400:]}")
    width, height, colours = decode_png(png)
    if (width, height) != (1200, 2000):
        raise CheckError(f"{path}: screenshot is {width}x{height}, not 1200x2000")
    ink = check_render(path, colours, width, height, sorted(set(want)))
    return f"{width}x{height} screenshot, {len(colours)} colours, {ink} ink pixels, {len(set(want))} series colours shown"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", help="where the PNGs go (default: a temporary directory, removed)")
    ap.add_argument("files", nargs="+")
    args = ap.parse_args()
    out = args.out or tempfile.mkdtemp(prefix="render-check.")
    os.makedirs(out, exist_ok=True)
    failed = 0
    try:
        for path in args.files:
            try:
                if path.endswith(".svg"):
                    print(f"ok   {path}: {check_svg(path, out)}")
                elif path.endswith(".html"):
                    print(f"ok   {path}: {check_html(path, out)}")
                else:
                    raise CheckError(f"{path}: neither .svg nor .html")
            except (CheckError, OSError, UnicodeDecodeError) as e:
                failed += 1
                print(f"FAIL {e}", file=sys.stderr)
    finally:
        if not args.out:
            shutil.rmtree(out, ignore_errors=True)
    if failed:
        print(f"render-check: {failed} of {len(args.files)} files failed", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
