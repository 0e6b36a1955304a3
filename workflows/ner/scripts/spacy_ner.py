#!/usr/bin/env python3
"""Tag paragraphs with spaCy, writing what flow's `ner` step writes (see docs/ner.md).

Use it in place of the built-in tagger, from a `shell` rule (workflows/ner/README.md):

    spacy_ner.py --batch-size 50 --log logs/ner/50.log paragraphs/alice.txt results/entities-50.tsv

Input: the output of flow's `paragraphs` step (paragraphs separated by one empty line).
Output: the same TSV as `ner` and the seed's tagging.py (paragraph from 0, text, label, start,
end; offsets in code points, which is what Python's string indices count; no header unless
--header) and a log with the same keys, so `ner_report` compares the two taggers. Needs spaCy
and a model (`python -m spacy download en_core_web_sm`).
"""

import argparse
import csv
import os
import resource
import statistics
import sys
import time


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batch-size", type=int, default=50)
    parser.add_argument("--model", default="en_core_web_sm")
    parser.add_argument("--log", required=True)
    parser.add_argument("--header", action="store_true",
                        help="start the table with the row 'paragraph text label start end'")
    parser.add_argument("paragraphs")
    parser.add_argument("entities")
    return parser.parse_args()


def read_paragraphs(path):
    # Text mode, as the seed reads its book: a byte order mark stays the first character.
    with open(path, encoding="utf-8") as f:
        text = f.read()
    return [p.strip("\n") for p in text.split("\n\n") if p.strip("\n")]


def main():
    args = parse_args()
    if args.batch_size < 1:
        sys.exit("spacy_ner.py: error: --batch-size must be at least 1")
    import spacy  # imported late so that --help works without it

    nlp = spacy.load(args.model)
    paragraphs = read_paragraphs(args.paragraphs)
    rows = [["paragraph", "text", "label", "start", "end"]] if args.header else []
    labels = {}
    batch_seconds, batch_sizes = [], []
    cpu_start = time.process_time()
    for first in range(0, len(paragraphs), args.batch_size):
        batch = paragraphs[first:first + args.batch_size]
        start = time.perf_counter()
        for offset, doc in enumerate(nlp.pipe(batch, batch_size=len(batch))):
            for ent in doc.ents:
                rows.append([first + offset, ent.text, ent.label_, ent.start_char, ent.end_char])
                labels[ent.label_] = labels.get(ent.label_, 0) + 1
        batch_seconds.append(time.perf_counter() - start)
        batch_sizes.append(len(batch))

    cpu_seconds = time.process_time() - cpu_start

    temp = f"{args.entities}.tmp.{os.getpid()}"
    with open(temp, "w", encoding="utf-8", newline="") as f:
        csv.writer(f, delimiter="\t", lineterminator="\n").writerows(rows)
    os.replace(temp, args.entities)

    per_paragraph = [s * 1e6 / n for s, n in zip(batch_seconds, batch_sizes)]
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    median = statistics.median
    keys = [
        ("ner_stats", "1"),
        ("batch_size", args.batch_size),
        ("paragraphs", len(paragraphs)),
        ("batches", len(batch_seconds)),
        ("entities", sum(labels.values())),
        ("evidence_s", "0.000000"),
        ("tagging_s", f"{sum(batch_seconds):.6f}"),
        ("batch_min_s", f"{min(batch_seconds, default=0):.6f}"),
        ("batch_median_s", f"{median(batch_seconds) if batch_seconds else 0:.6f}"),
        ("batch_max_s", f"{max(batch_seconds, default=0):.6f}"),
        ("us_per_paragraph", f"{median(per_paragraph) if per_paragraph else 0:.3f}"),
        ("peak_rss_mb", f"{peak_mb:.2f}"),
        ("tagging_cpu_s", f"{cpu_seconds:.6f}"),
    ]
    with open(args.log, "w", encoding="utf-8") as log:
        log.write(f"# spacy_ner.py with {args.model}\n")
        for key, value in keys:
            log.write(f"{key}\t{value}\n")
        for label, count in sorted(labels.items()):
            log.write(f"label\t{label}\t{count}\n")
        for i, (n, s) in enumerate(zip(batch_sizes, batch_seconds), 1):
            log.write(f"batch\t{i}\t{n}\t{s:.6f}\n")


if __name__ == "__main__":
    main()
