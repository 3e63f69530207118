"""Refresh the README's pictures from the shipped library, in headless Chromium.

    .venv/bin/python tests/e2e/screenshots.py [--data DIR]

    .venv/bin/python tests/e2e/screenshots.py --data DIR brief compare

Ingests and indexes corpus/papers with the real model into DIR (default
tests/e2e/screenshots/library; reused when it is already there), starts the app,
and walks the same steps as tests/e2e/test_real_library.py: a search answered
from the real Ofsted reports, and the Themes heatmap; then a brief of a theme, and
the same brief for two boroughs side by side. Writes docs/images/search.png,
themes.png, brief.png and compare.png (or only the pictures named), and prints how
long the first answer took from starting the app.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.e2e import real_library as real  # noqa: E402
from tests.e2e.browser import blank_browser, require_browser, start_app  # noqa: E402


def crop_to_content(driver, path: Path) -> None:  # noqa: ANN001
    """Save a picture of the window, trimmed to the height the page's content uses."""
    height = driver.execute_script(
        "const m = document.querySelector('[data-testid=\"stMain\"]') || document.body;"
        "return Math.ceil(Math.min(m.scrollHeight, 1400));"
    )
    driver.set_window_size(1400, max(700, height + 40))
    time.sleep(0.5)
    path.parent.mkdir(parents=True, exist_ok=True)
    driver.save_screenshot(str(path))


PICTURES = {
    "search": real.show_search,
    "themes": real.show_themes,
    "brief": real.show_brief,
    "compare": real.show_side_by_side,
}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=ROOT / "tests" / "e2e" / "screenshots" / "library")
    ap.add_argument("pictures", nargs="*", help=f"any of {', '.join(PICTURES)} (default: all)")
    args = ap.parse_args(argv)
    wanted = args.pictures or list(PICTURES)
    unknown = [name for name in wanted if name not in PICTURES]
    if unknown:
        ap.error(f"no picture called {', '.join(unknown)}: choose from {', '.join(PICTURES)}")
    require_browser("take pictures")
    t = time.perf_counter()
    counts = real.build_library(args.data)
    print(
        f"library: {counts['documents']} documents, {counts['pages']} pages "
        f"({time.perf_counter() - t:.0f} s)"
    )
    with blank_browser() as driver:
        t0 = time.perf_counter()
        with start_app(args.data) as url:
            for name in wanted:
                driver.set_window_size(1400, 1000)
                PICTURES[name](driver, url)
                if name == "search":
                    print(f"first answer {time.perf_counter() - t0:.1f} s after starting the app")
                driver.execute_script("window.scrollTo(0, 0)")
                crop_to_content(driver, real.DOCS_IMAGES / f"{name}.png")
                print(real.DOCS_IMAGES / f"{name}.png")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
