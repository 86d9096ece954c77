"""PDF for the printer and the poster: the arcs across the run, then a page per season.

arcroom's own SVG drawings become vector PDF pages through CairoSVG (cairo's
renderer: text stays text, so it can be searched and copied), all written
into one cairo PDF surface, a page each; no browser is involved. Each page is
A3 landscape with the drawing centred, scaled to fit but never below
:data:`MIN_PT` for the smallest text a drawing has (:data:`SMALLEST_PX`); a
drawing too large for that at A3 gets a page of its own size instead (a
poster: print it larger, or tile it). The season pages are the season's
overview (:mod:`arcs.overview`): a cell per arc and episode with its beats,
deaths and problems. Sample (``pdfinfo plan.pdf``)::

    Pages:          4
    Page size:      1190.55 x 841.89 pts (A3)
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from os import PathLike
from typing import IO, Any

import networkx as nx

from arcs.layout import Layout

#: A3 landscape, in points.
A3 = (1190.55, 841.89)
MARGIN_PT = 28.0
#: The smallest text size arcroom's drawings use, in SVG pixels, and the least it may print at.
SMALLEST_PX = 10.0
MIN_PT = 10.0

Page = tuple[nx.MultiDiGraph, Layout]


class PDFUnavailable(RuntimeError):
    """CairoSVG (or the cairo library under it) is not installed."""


def pdf_bytes(pages: Sequence[Page], problems: Sequence[Any] = ()) -> bytes:
    """One PDF, a page per ``(view, layout)`` in ``pages``, as bytes."""
    try:
        import cairocffi
        from cairosvg.parser import Tree
        from cairosvg.surface import PDFSurface
    except (ImportError, OSError) as exc:
        raise PDFUnavailable(
            "PDF export needs CairoSVG and the cairo library: pip install 'arcroom[pdf]' "
            f"and apt install libcairo2 ({exc})"
        ) from None
    from arcs.export.svg import generate_svg

    out = io.BytesIO()
    shared: list[Any] = []

    class _Page(PDFSurface):  # type: ignore[misc]
        """CairoSVG's PDF surface, drawing onto the one PDF every page shares."""

        def _create_surface(self, width: float, height: float) -> tuple[Any, float, float]:
            if not shared:
                shared.append(cairocffi.PDFSurface(out, width, height))
            else:
                shared[0].show_page()
                shared[0].set_size(width, height)
            return shared[0], width, height

    for V, L in pages:
        svg = "\n".join(generate_svg(V, L, problems=problems))
        _Page(Tree(bytestring=framed(svg).encode("utf-8")), None, 96)
    if shared:
        shared[0].finish()
    return out.getvalue()


def page_size(width: float, height: float) -> tuple[float, float, float]:
    """The page (points) for a drawing of ``width`` x ``height`` px, and its scale (pt/px).

    >>> page_size(600, 400)[:2]
    (1190.55, 841.89)
    >>> w, h, scale = page_size(3000, 500); scale, round(w), round(h)
    (1.0, 3056, 842)
    """
    room_w, room_h = A3[0] - 2 * MARGIN_PT, A3[1] - 2 * MARGIN_PT
    scale = min(room_w / width, room_h / height, 2.0)
    least = MIN_PT / SMALLEST_PX
    if scale >= least:
        return A3[0], A3[1], scale
    scale = least
    return (max(width * scale + 2 * MARGIN_PT, A3[0]), max(height * scale + 2 * MARGIN_PT, A3[1]),
            scale)


_SIZE = re.compile(r'<svg xmlns="http://www.w3.org/2000/svg"( id="[^"]*")? width="([\d.]+)" '
                   r'height="([\d.]+)" viewBox="0 0 ([\d.]+) ([\d.]+)">')


def framed(svg: str) -> str:
    """``svg`` (arcroom's own) resized to its page: the drawing centred, in points."""
    match = _SIZE.search(svg)
    if match is None:
        raise ValueError("not an arcroom drawing: no <svg> with width, height and viewBox")
    width, height = float(match.group(2)), float(match.group(3))
    page_w, page_h, scale = page_size(width, height)
    view_w, view_h = page_w / scale, page_h / scale
    x0, y0 = -(view_w - width) / 2, -(view_h - height) / 2
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg"{match.group(1) or ""} width="{page_w:.2f}pt" '
        f'height="{page_h:.2f}pt" viewBox="{x0:.2f} {y0:.2f} {view_w:.2f} {view_h:.2f}">'
    )
    return svg[: match.start()] + head + svg[match.end() :]


def write_pdf(
    pages: Sequence[Page], path_or_file: str | PathLike[str] | IO[bytes],
    problems: Sequence[Any] = (),
) -> None:
    """Write :func:`pdf_bytes` to a path or an open binary file."""
    data = pdf_bytes(pages, problems)
    if isinstance(path_or_file, str | PathLike):
        with open(path_or_file, "wb") as f:
            f.write(data)
    else:
        path_or_file.write(data)
