#!/usr/bin/env python3
"""Score a named-entity table against a gold one: per-label precision, recall and F1.

Both tables are in the format of flow's `ner` step and of the seed's tagging.py: one row per
entity, tab-separated, no header: paragraph number (from 0), entity text, label, start and
end (code points within the paragraph, end exclusive). Fields may be quoted as Python's csv
module writes them (a text holding a line end is).

    ner_eval.py GOLD PREDICTED [--split SPLIT --part tune|heldout] [--book]
                               [--min-exact F1] [--min-span F1] [--errors]

Three scores, each as precision, recall and F1 over all entities (micro-averaged):

  exact    same paragraph, start, end and label (the strict score; per label too);
  span     same paragraph, start and end, whatever the label (are the boundaries right?);
  partial  overlapping characters in the same paragraph, whatever the label: a gold entity
           is found when some predicted entity overlaps it, and a predicted one is right
           when it overlaps some gold entity (the lenient score of spaCy-vs-rules
           comparisons: "the Mock Turtle" against "Mock Turtle" counts).

SPLIT is a TSV of `dev_paragraph book_paragraph part` rows (tests/fixtures/ner/alice-dev):
with --part only the paragraphs of that part are scored. With --book the PREDICTED table
numbers paragraphs as in the whole book (a run over the book, not over the development
text): its rows are mapped to development paragraphs through SPLIT, and rows of other
paragraphs are ignored. --min-exact and --min-span make the exit status 1 when the exact or
span F1 is below the given floor (regression tests use them). Errors (unreadable tables,
bad rows) exit with 2.
"""

import argparse
import csv
import sys
from collections import Counter, namedtuple

Entity = namedtuple("Entity", "paragraph start end label text")


def fail(message):
    print(f"ner_eval.py: error: {message}", file=sys.stderr)
    sys.exit(2)


def read_table(path):
    try:
        with open(path, encoding="utf-8", newline="") as f:
            rows = list(csv.reader(f, delimiter="\t"))
    except OSError as e:
        fail(f"cannot read {path}: {e.strerror}")
    except csv.Error as e:
        fail(f"{path}: {e}")
    entities = []
    for number, row in enumerate(rows, 1):
        if not row:
            continue
        if len(row) != 5:
            fail(f"{path}: row {number}: {len(row)} fields, expected 5")
        try:
            paragraph, start, end = int(row[0]), int(row[3]), int(row[4])
        except ValueError:
            if number == 1:
                fail(f"{path}: row 1 is not an entity (a header row? the format has none)")
            fail(f"{path}: row {number}: paragraph, start and end must be integers")
        if paragraph < 0 or start < 0 or end <= start:
            fail(f"{path}: row {number}: bad paragraph or offsets")
        entities.append(Entity(paragraph, start, end, row[2], row[1]))
    return entities


def read_split(path):
    book_to_dev, part_of = {}, {}
    try:
        with open(path, encoding="utf-8") as f:
            for number, line in enumerate(f, 1):
                fields = line.rstrip("\n").split("\t")
                if len(fields) != 3:
                    fail(f"{path}: line {number}: expected dev_paragraph, book_paragraph, part")
                dev, book = int(fields[0]), int(fields[1])
                book_to_dev[book] = dev
                part_of[dev] = fields[2]
    except OSError as e:
        fail(f"cannot read {path}: {e.strerror}")
    return book_to_dev, part_of


def ratio(a, b):
    return a / b if b else 0.0


def f1(p, r):
    return 2 * p * r / (p + r) if p + r else 0.0


class Score:
    def __init__(self, right_predicted, predicted, found_gold, gold):
        self.precision = ratio(right_predicted, predicted)
        self.recall = ratio(found_gold, gold)
        self.f1 = f1(self.precision, self.recall)
        self.predicted, self.gold = predicted, gold


def exact_score(gold, predicted, key):
    gold_keys = Counter(key(e) for e in gold)
    predicted_keys = Counter(key(e) for e in predicted)
    both = sum((gold_keys & predicted_keys).values())
    return Score(both, len(predicted), both, len(gold))


def partial_score(gold, predicted):
    by_paragraph = {}
    for e in predicted:
        by_paragraph.setdefault(e.paragraph, []).append(e)
    gold_by_paragraph = {}
    for e in gold:
        gold_by_paragraph.setdefault(e.paragraph, []).append(e)

    def overlaps(e, others):
        return any(o.start < e.end and e.start < o.end for o in others.get(e.paragraph, ()))

    found = sum(overlaps(e, by_paragraph) for e in gold)
    right = sum(overlaps(e, gold_by_paragraph) for e in predicted)
    return Score(right, len(predicted), found, len(gold))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold")
    parser.add_argument("predicted")
    parser.add_argument("--split", help="dev_paragraph book_paragraph part, per line")
    parser.add_argument("--part", help="score only the paragraphs of this part of SPLIT")
    parser.add_argument("--book", action="store_true",
                        help="PREDICTED numbers paragraphs as in the whole book (needs SPLIT)")
    parser.add_argument("--min-exact", type=float, help="exit 1 when exact F1 is below this")
    parser.add_argument("--min-span", type=float, help="exit 1 when span F1 is below this")
    parser.add_argument("--errors", action="store_true",
                        help="also list the entities that are not exact matches")
    args = parser.parse_args()
    if (args.part or args.book) and not args.split:
        fail("--part and --book need --split")

    gold = read_table(args.gold)
    predicted = read_table(args.predicted)
    if args.split:
        book_to_dev, part_of = read_split(args.split)
        if args.book:
            predicted = [e._replace(paragraph=book_to_dev[e.paragraph]) for e in predicted
                         if e.paragraph in book_to_dev]
        if args.part:
            if args.part not in part_of.values():
                fail(f"{args.split} has no part '{args.part}'")
            gold = [e for e in gold if part_of.get(e.paragraph) == args.part]
            predicted = [e for e in predicted if part_of.get(e.paragraph) == args.part]

    labels = sorted({e.label for e in gold} | {e.label for e in predicted},
                    key=lambda label: (-sum(e.label == label for e in gold), label))
    title = f"{args.part} paragraphs" if args.part else "all paragraphs"
    print(f"# {title}: {len(gold)} gold entities, {len(predicted)} predicted")
    print("label\tgold\tpredicted\tprecision\trecall\tf1")
    for label in labels:
        g = [e for e in gold if e.label == label]
        p = [e for e in predicted if e.label == label]
        s = exact_score(g, p, lambda e: (e.paragraph, e.start, e.end))
        print(f"{label}\t{len(g)}\t{len(p)}\t{s.precision:.3f}\t{s.recall:.3f}\t{s.f1:.3f}")
    scores = {
        "exact": exact_score(gold, predicted, lambda e: (e.paragraph, e.start, e.end, e.label)),
        "span": exact_score(gold, predicted, lambda e: (e.paragraph, e.start, e.end)),
        "partial": partial_score(gold, predicted),
    }
    for name, s in scores.items():
        print(f"{name}\t{len(gold)}\t{len(predicted)}\t{s.precision:.3f}\t{s.recall:.3f}\t{s.f1:.3f}")

    if args.errors:
        gold_keys = {(e.paragraph, e.start, e.end, e.label) for e in gold}
        predicted_keys = {(e.paragraph, e.start, e.end, e.label) for e in predicted}
        rows = [("missed", e) for e in gold if e[:4] not in predicted_keys]
        rows += [("wrong", e) for e in predicted if e[:4] not in gold_keys]
        rows.sort(key=lambda r: (r[1].paragraph, r[1].start, r[0]))
        for kind, e in rows:
            text = e.text.replace("\n", " ")
            print(f"{kind}\t{e.paragraph}\t{text}\t{e.label}\t{e.start}\t{e.end}")

    below = []
    if args.min_exact is not None and scores["exact"].f1 < args.min_exact:
        below.append(f"exact F1 {scores['exact'].f1:.3f} is below the floor {args.min_exact:.3f}")
    if args.min_span is not None and scores["span"].f1 < args.min_span:
        below.append(f"span F1 {scores['span'].f1:.3f} is below the floor {args.min_span:.3f}")
    for message in below:
        print(f"ner_eval.py: {message}", file=sys.stderr)
    sys.exit(1 if below else 0)


if __name__ == "__main__":
    main()
