"""PDF render time per page for every official document type (warm, after a first render loads fonts).

Run: ``.venv/bin/python bench/documents_bench.py [ROUNDS]``. Prints the cold first render, then per
type the warm time per document and per page, and the overall warm mean per page.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import weasyprint

from services.documents import DocType, render_html, render_pdf

FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "documents"


def main(rounds: int) -> None:
    inputs = {
        t: json.loads((FIXTURES / f"{t.value.lower()}.json").read_text(encoding="utf-8")) for t in DocType
    }
    start = time.perf_counter()
    render_pdf(DocType.PAYMENT_ORDER, inputs[DocType.PAYMENT_ORDER])
    print(f"cold first render (fonts load): {time.perf_counter() - start:.3f} s")
    total_s, total_pages = 0.0, 0
    for doc_type, data in inputs.items():
        pages = len(weasyprint.HTML(string=render_html(doc_type, data)).render().pages)
        start = time.perf_counter()
        for _ in range(rounds):
            render_pdf(doc_type, data)
        per_doc = (time.perf_counter() - start) / rounds
        total_s += per_doc
        total_pages += pages
        print(
            f"{doc_type.value:26} {pages} page(s)  {per_doc * 1000:7.1f} ms/doc  {per_doc / pages * 1000:7.1f} ms/page"
        )
    print(f"warm mean: {total_s / total_pages * 1000:.1f} ms/page over {total_pages} pages, {rounds} rounds")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 3)
