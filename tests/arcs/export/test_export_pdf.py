"""PDF: a vector page for the arcs, then one per season, text that can be searched,
every letter at 10 pt or more at A3; made without a browser."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

pypdf = pytest.importorskip("pypdf", reason="pip install -e '.[test]' brings pypdf")

from arcs.export.pdf import A3, MIN_PT  # noqa: E402
from story_bible import load, sample_path  # noqa: E402


@pytest.fixture(scope="module")
def plan_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("pdf") / "plan.pdf"
    done = subprocess.run(
        [sys.executable, "-m", "tui", "export", "--sample", "-o", str(path)],
        capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "(pdf, 4 pages)" in done.stderr
    return path


def test_a_page_for_the_arcs_then_one_per_season(plan_pdf: Path) -> None:
    reader = pypdf.PdfReader(plan_pdf)
    seasons = load(sample_path()).seasons
    assert len(reader.pages) == 1 + len(seasons)
    texts = [page.extract_text() for page in reader.pages]
    assert "Arcs across the seasons" in texts[0]
    for text, season in zip(texts[1:], seasons.values(), strict=True):
        assert season.title in text  # the season's name, as text a reader can search


def test_season_pages_are_a3_and_the_arcs_page_at_least_a3(plan_pdf: Path) -> None:
    reader = pypdf.PdfReader(plan_pdf)
    sizes = [(float(p.mediabox.width), float(p.mediabox.height)) for p in reader.pages]
    assert all(size == pytest.approx(A3, abs=0.5) for size in sizes[1:])
    assert sizes[0][0] >= A3[0] - 0.5 and sizes[0][1] >= A3[1] - 0.5


def test_no_text_is_smaller_than_ten_points(plan_pdf: Path) -> None:
    for page in pypdf.PdfReader(plan_pdf).pages:
        sizes: list[float] = []

        def visit(text: str, cm: list[float], tm: list[float], font: object, size: float,
                  into: list[float] = sizes) -> None:
            if text.strip():
                into.append(size * abs(tm[3]) * abs(cm[3]))

        page.extract_text(visitor_text=visit)
        assert sizes and min(sizes) >= MIN_PT - 0.05, min(sizes)


def test_pages_are_vector_drawings_not_pictures(plan_pdf: Path) -> None:
    for page in pypdf.PdfReader(plan_pdf).pages:
        objects = page["/Resources"].get("/XObject") or {}
        images = [o for o in objects.values() if o.get_object().get("/Subtype") == "/Image"]
        assert images == []
