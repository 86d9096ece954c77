"""The HTML report on paper: Chromium prints every tab, a page each, each season's
overview on a page of its own with its legend and axis, the lists last; and on a
1024 x 768 projector the arcs of every season are in sight."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

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


@pytest.mark.parametrize("paper", sorted(PAPER))
def test_every_tab_and_every_season_prints_on_its_own_page(
    report: Path, tmp_path: Path, paper: str
) -> None:
    bible = load(sample_path())
    seasons = bible.seasons
    with chromium(tmp_path) as port:
        texts = pages_text(print_pdf(port, report, paper), tmp_path, f"{paper}.pdf")
    def page_of(words: str) -> list[int]:
        return [k for k, text in enumerate(texts) if words in text]
    # the arcs, the faction web, the stance chart, the whole overview, a page per
    # season of its cards, the lists
    assert page_of("Arcs across the seasons")
    assert page_of("The faction web, season by season")
    assert page_of("Stances over time")
    assert page_of("Overview: beats, deaths and problems")
    cards = []
    for sid, season in seasons.items():
        (page,) = page_of(f"Beats and their dependencies — {sid} · {season.title}")
        cards.append(page)
        assert "Cards:" in texts[page] and "Edges:" in texts[page]  # its legend
        assert "E1" in texts[page] and f"E{season.episodes}" in texts[page]  # its axis
        beats = [b.id for b in bible.beats.values() if b.at.season_id == sid]
        assert sum(b in texts[page] for b in beats) >= len(beats) * 0.9  # the cards, as text
    assert cards == list(range(cards[0], cards[0] + len(seasons)))  # in order, a page each
    lists = page_of("SEASONS AND ARCS")
    assert lists and min(lists) > max(cards)  # the lists come last
    assert len(texts) == 4 + len(seasons) + len(lists)  # and nothing else
    assert not page_of("Drag to pan")  # the screen's controls stay off paper
    assert not page_of("Fit")


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
