"""The anchor of benches/pdf.rs: Python pdfplumber's extraction alone — extract_tables()
and extract_text() on every page, what the best public checker of these documents runs
first — timed per document inside the interpreter (imports and start-up left out).
Prints one line per document: `path<TAB>pages<TAB>median seconds<TAB>min<TAB>max`.
Run by benches/pdf.rs in a venv of its own (pip install pdfplumber==0.11.10)."""
import statistics
import sys
import time

import pdfplumber


def extract(path):
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_tables()
            page.extract_text()
        return len(pdf.pages)


runs = int(sys.argv[1])
for path in sys.argv[2:]:
    extract(path)  # warm the page cache and the imports' lazy parts
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        pages = extract(path)
        times.append(time.perf_counter() - t)
    print(f"{path}\t{pages}\t{statistics.median(times):.4f}\t{min(times):.4f}\t{max(times):.4f}", flush=True)
