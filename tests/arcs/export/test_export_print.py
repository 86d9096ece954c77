"""The HTML report on paper: Chromium prints every tab, a page each, each season's
cards in sheets (as many as it takes for their text to print at 8 pt on A4 and
10 pt on A3, each with its legend and its episodes), the lists last; the sheets
show the board by reference, not by copy; and on a 1024 x 768 projector the arcs
of every season are in sight."""

from __future__ import annotations

import math
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from golden import PAPER, check_golden, chromium, print_pdf, render_png

pypdf = pytest.importorskip("pypdf", reason="pip install -e '.[test]' brings pypdf")

from story_bible import load, sample_path  # noqa: E402


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("print") / "plan.html"
    done = subprocess.run(
        [sys.executable, "-m", "tui", "export", "--sample", "-o", str(path)],
        capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return path


def pages_text(pdf: bytes, folder: Path, name: str) -> list[str]:
    path = folder / name
    path.write_bytes(pdf)
    return [page.extract_text() for page in pypdf.PdfReader(path).pages]


#: The smallest text a season's sheet may print at, in points, per paper (landscape).
SMALLEST = {"A4": 8.0, "A3": 10.0}


def text_sizes(page: Any) -> list[tuple[float, str]]:
    """Each piece of text on a PDF page with the size it prints at (font size times
    the text and graphics matrices' vertical scale), in points."""
    found: list[tuple[float, str]] = []

    def visit(text: str, cm: list[float], tm: list[float], font: Any, size: float) -> None:
        if text.strip():
            c, d = tm[2], tm[3]
            # (tm x cm)'s second row gives the glyphs' vertical scale
            found.append((size * math.hypot(c * cm[0] + d * cm[2], c * cm[1] + d * cm[3]),
                          text.strip()))

    page.extract_text(visitor_text=visit)
    return found


@pytest.mark.parametrize("paper", sorted(PAPER))
def test_every_tab_prints_and_each_season_in_readable_sheets(
    report: Path, tmp_path: Path, paper: str
) -> None:
    bible = load(sample_path())
    seasons = bible.seasons
    with chromium(tmp_path) as port:
        path = tmp_path / f"{paper}.pdf"
        path.write_bytes(print_pdf(port, report, paper))
    pages = pypdf.PdfReader(path).pages
    texts = [page.extract_text() for page in pages]

    def page_of(words: str) -> list[int]:
        return [k for k, text in enumerate(texts) if words in text]

    # the arcs, the faction web, the stance chart, the whole overview, each season's
    # cards in sheets, the lists
    assert page_of("Arcs across the seasons")
    assert page_of("The faction web, season by season")
    assert page_of("Stances over time")
    assert page_of("Overview: beats, deaths and problems")
    sheets = []
    for sid, season in seasons.items():
        mine = page_of(f"Beats and their dependencies — {sid} · {season.title}")
        assert mine == list(range(mine[0], mine[0] + len(mine)))  # together
        sheets += mine
        episodes = []
        for k, page in enumerate(mine, 1):
            text = texts[page]
            assert f"sheet {k} of {len(mine)}" in text  # in order
            assert "Cards:" in text and "Edges:" in text  # its legend
            first = re.search(r"E(\d+)(?:–E\d+)? · sheet", text)
            assert first, text[:200]
            episodes.append(int(first.group(1)))
            assert f"E{first.group(1)}\n" in text or f"E{first.group(1)} " in text  # its axis
            smallest = min(size for size, _ in text_sizes(pages[page]))
            assert smallest >= SMALLEST[paper], (sid, k, smallest)
        assert episodes == sorted(episodes)  # story order: episodes first, then rows
        shown = "\n".join(texts[page] for page in mine)
        beats = [b.id for b in bible.beats.values() if b.at.season_id == sid]
        assert [b for b in beats if b not in shown] == []  # every card's id, as text
    assert sheets == list(range(sheets[0], sheets[0] + len(sheets)))  # seasons in order
    lists = page_of("SEASONS AND ARCS")
    assert lists and min(lists) > max(sheets)  # the lists come last
    assert len(texts) == 4 + len(sheets) + len(lists)  # and nothing else
    assert not page_of("Drag to pan")  # the screen's controls stay off paper
    assert not page_of("Fit")


def test_sheets_show_the_board_by_reference(report: Path) -> None:
    """However many sheets, each card is drawn once: a sheet is a few <use> lines."""
    page = report.read_text(encoding="utf-8")
    bible = load(sample_path())
    assert page.count('<g class="node beat"') == len(bible.beats)  # the board's, no copy
    sheets = page.count('<svg class="ar-sheet"')
    assert sheets > len(bible.seasons)  # the seasons did not fit a page each
    assert page.count('-cards"/>') == sheets  # each sheet uses its own cards
    paper = page[page.index('<div class="ar-print">'):page.index('<div class="ar-axis"')]
    assert len(paper) < 2_000 * sheets + 20_000, len(paper) / sheets  # lines, not drawings
    # and inert on screen (a template the script opens before printing): a <use> costs
    # the browser a copy of what it shows even where it is not shown
    inert = paper[paper.index('<template id="ar-paper">'):paper.rindex("</template>")]
    assert inert.count('<svg class="ar-sheet"') == sheets


def test_golden_print_layouts(report: Path, tmp_path: Path, pytestconfig: pytest.Config) -> None:
    with chromium(tmp_path) as port:
        for paper, (_, long_side) in sorted(PAPER.items()):
            width = round(long_side * 96)  # landscape: the long side across
            png = render_png(port, report, width, width * 2, media="print", scale=0.2)
            check_golden(f"print-{paper}", png, pytestconfig)


def test_a_projector_shows_every_season_of_the_arcs(report: Path, tmp_path: Path) -> None:
    with chromium(tmp_path) as port:
        import asyncio

        from golden import _open, _session

        async def steps(call: object) -> list[float]:
            await _open(call, report.resolve().as_uri(), 1024, 768)
            result = await call(  # type: ignore[operator]
                "Runtime.evaluate", returnByValue=True,
                expression="(() => { const r = document.querySelector('.ar-active svg')"
                ".getBoundingClientRect(); return [r.left, r.right, innerWidth]; })()",
            )
            return list(result["result"]["value"])

        left, right, width = asyncio.run(_session(port, steps))
    assert left >= 0 and right <= width, (left, right, width)  # S3's end is on screen
