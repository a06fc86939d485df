"""Benchmark of the recommendations page (analysis.build.recommendations_page) at the size of the UPR corpus.

Not a test: it measures, in one run and on this machine, the page of the project's own recommendations
(322 today) and the page of a synthetic corpus of N recommendations (25,000 by default: the 303 UPR
reports of 2008-2014 hold some 20,000+), each in headless Chromium (Debian's chromium and chromedriver,
driven by selenium):
  build    rendering the page in Python (median of 3) and its size,
  load     from navigation start to the end of DOMContentLoaded (the script has parsed the embedded rows,
           made each row's search text and drawn the first rows), median of 5 loads,
  filter   one change of the search, from the form's event to the drawn rows laid out (the handler,
           then a forced layout), median over 5 rounds of each search in SEARCHES,
and prints the times and the corpus/project ratios (the same page code, the same browser, one run).

The synthetic corpus takes the project's recommendations as a pattern: each is repeated under
synthetic reviews (A/HRC/B/1 ... , 303 of them, years 2008-2014) with its own text, States, coding,
response and matches, so the words, States and issues a search meets are the real ones, in the same
proportions. Usage:

    .venv/bin/python bench/bench_recommendations_page.py [--rows 25000] [--lang en]
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO / "tests"))

from analysis.build import recommendations_page as rp  # noqa: E402

REVIEWS = 303
# (description, fragment): each search as a reader would make it.
SEARCHES = (
    ("one word", "q=torture"),
    ("two words", "q=women%20violence"),
    ("word + State", "q=torture&state=germany"),
    ("State", "state=norway"),
    ("issue + response", "issue=death_penalty&response=noted"),
    ("no match", "q=zzzzzz"),
    ("everything (cleared)", ""),
)
MEASURE = """
var done = arguments[arguments.length - 1], hash = arguments[0];
var form = document.getElementById("rec-filters"), params = {};
hash.split("&").forEach(function (p) { var i = p.indexOf("="); if (i > 0) { params[p.slice(0, i)] = decodeURIComponent(p.slice(i + 1)); } });
["q", "state", "issue", "response", "review"].forEach(function (n) { form.elements[n].value = params[n] || ""; });
var t0 = performance.now();
form.elements.q.dispatchEvent(new Event("input", {bubbles: true}));
var height = document.body.offsetHeight;  // the drawn rows laid out
var t1 = performance.now();
done({ms: t1 - t0, count: document.getElementById("rec-count").textContent, height: height});
"""
LOAD = """
var nav = performance.getEntriesByType("navigation")[0];
return {dcl: nav.domContentLoadedEventEnd - nav.startTime, load: nav.loadEventEnd - nav.startTime,
        rows: document.querySelectorAll("#rec-list > li").length};
"""


def synthetic(recs: list[rp.Recommendation], rows: int) -> list[rp.Recommendation]:
    """`rows` recommendations patterned on `recs`, spread over REVIEWS synthetic reviews."""
    out = []
    for n in range(rows):
        base = recs[n % len(recs)]
        review = n % REVIEWS
        year = 2008 + review * 7 // REVIEWS
        out.append(dataclasses.replace(base, id=f"syn-{n}", review=year, document_id=f"syn-review-{review:03d}",
                                       symbol=f"A/HRC/{8 + review // 16}/{1 + review % 16}",
                                       paragraph=90 + n % 40, item=1 + n // 1000))
    return out


def median_ms(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def measure(browser, page: Path, rounds: int) -> dict:
    loads = []
    for _ in range(5):
        browser.get("about:blank")
        browser.get(page.as_uri())
        loads.append(browser.execute_script(LOAD))
    out = {"dcl_ms": statistics.median(x["dcl"] for x in loads), "load_ms": statistics.median(x["load"] for x in loads),
           "first_rows": loads[-1]["rows"], "filters": {}}
    for name, fragment in SEARCHES:
        times, count = [], ""
        for _ in range(rounds):
            browser.execute_async_script(MEASURE, "")  # start from the full list each time
            result = browser.execute_async_script(MEASURE, fragment)
            times.append(result["ms"])
            count = result["count"]
        out["filters"][name] = {"ms": statistics.median(times), "max_ms": max(times), "count": count}
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=25_000)
    parser.add_argument("--lang", default="en", choices=("en", "ru"))
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args(argv)

    from support import headless_chromium

    recs = rp.read_recommendations(REPO / "data")
    corpus = synthetic(recs, args.rows)
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        pages = {}
        for name, rows in (("project", recs), ("corpus", corpus)):
            text = rp.render_page(rows, args.lang)
            build_ms = median_ms(lambda rows=rows: rp.render_page(rows, args.lang), 3)
            pages[name] = folder / f"{name}.html"
            pages[name].write_text(text, encoding="utf-8")
            data_bytes = len(text.split('id="rec-data">', 1)[1].split("</script>", 1)[0].encode("utf-8"))
            results[name] = {"rows": len(rows), "build_ms": build_ms, "bytes": len(text.encode("utf-8")),
                             "json_bytes": data_bytes}
        browser = headless_chromium.webdriver(headless_chromium.find_chromium(), headless_chromium.find_driver(),
                                              folder / "profile")
        browser.set_script_timeout(300)
        browser.set_page_load_timeout(300)
        try:
            for name, page in pages.items():
                results[name].update(measure(browser, page, args.rounds))
        finally:
            browser.quit()
    project, corpus_r = results["project"], results["corpus"]
    print(f"{'':28}{'project':>14}{'corpus':>14}{'ratio':>8}")
    print(f"{'rows':28}{project['rows']:>14,}{corpus_r['rows']:>14,}")
    print(f"{'page size (MB)':28}{project['bytes'] / 1e6:>14.2f}{corpus_r['bytes'] / 1e6:>14.2f}"
          f"{corpus_r['bytes'] / project['bytes']:>8.1f}")
    for label, field in (("render in Python (ms)", "build_ms"), ("DOMContentLoaded (ms)", "dcl_ms"),
                         ("load (ms)", "load_ms")):
        print(f"{label:28}{project[field]:>14.1f}{corpus_r[field]:>14.1f}{corpus_r[field] / project[field]:>8.1f}")
    for name, _ in SEARCHES:
        a, b = project["filters"][name], corpus_r["filters"][name]
        print(f"{'filter: ' + name + ' (ms)':28}{a['ms']:>14.1f}{b['ms']:>14.1f}{b['ms'] / max(a['ms'], 0.1):>8.1f}"
              f"   {b['count']}")
    print("json " + json.dumps(results, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
