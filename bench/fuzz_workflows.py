#!/usr/bin/env python3
"""Mutates workflow files for bench/fuzz_workflows.sh (issue 9 faults 2, issue 14 tests).

    fuzz_workflows.py SEED COUNT OUTDIR FILE...

Writes OUTDIR/<n>/flow.yaml for n in 0..COUNT-1, each a copy of one of FILE... with 1-3
mutations: byte flips and insertions, deleted, repeated and swapped lines, a cut at a random
byte, deep nesting, a YAML alias, invalid UTF-8, a NUL byte, CRLF line ends. Also writes
OUTDIR/<n>/from with the seed file and the mutations, for reproducing a failure. Python's
random module is deterministic for a given seed, so a seed names the same cases every time.
"""
import os
import random
import sys

SPECIAL = b"-[]{},:#'\"|>&*!?%@`~ \n\t\r0a.\\<"


def mutate(rng, text):
    kind = rng.choice(["flip", "insert", "delete_line", "repeat_line", "swap_lines", "cut",
                       "nest", "alias", "utf8", "nul", "crlf", "duplicate_key"])
    lines = text.split(b"\n")
    if kind == "flip" and text:
        at = rng.randrange(len(text))
        return kind, text[:at] + bytes([rng.choice(SPECIAL)]) + text[at + 1:]
    if kind == "insert":
        at = rng.randrange(len(text) + 1)
        return kind, text[:at] + bytes([rng.choice(SPECIAL)]) + text[at:]
    if kind == "delete_line" and len(lines) > 1:
        del lines[rng.randrange(len(lines))]
        return kind, b"\n".join(lines)
    if kind == "repeat_line" and lines:
        at = rng.randrange(len(lines))
        lines.insert(at, lines[at])
        return kind, b"\n".join(lines)
    if kind == "swap_lines" and len(lines) > 1:
        a, b = rng.randrange(len(lines)), rng.randrange(len(lines))
        lines[a], lines[b] = lines[b], lines[a]
        return kind, b"\n".join(lines)
    if kind == "cut" and text:
        return kind, text[:rng.randrange(len(text))]
    if kind == "nest":
        depth = rng.choice([50, 500, 5000])
        at = rng.randrange(len(lines)) if lines else 0
        lines.insert(at, b"x-deep: " + b"[" * depth + b"]" * depth)
        return kind, b"\n".join(lines)
    if kind == "alias":
        return kind, b"x-a: &a {threads: 2}\n" + text.replace(b"threads: ", b"threads: *a #", 1)
    if kind == "utf8" and text:
        at = rng.randrange(len(text))
        return kind, text[:at] + rng.choice([b"\xff", b"\xc3", b"\xe2\x82", b"\xed\xa0\x80"]) + text[at:]
    if kind == "nul" and text:
        at = rng.randrange(len(text))
        return kind, text[:at] + b"\0" + text[at:]
    if kind == "crlf":
        return kind, text.replace(b"\n", b"\r\n")
    if kind == "duplicate_key" and lines:
        keyed = [i for i, line in enumerate(lines) if b":" in line and line.strip()[:1] != b"#"]
        if keyed:
            at = rng.choice(keyed)
            lines.insert(at, lines[at])
            return kind, b"\n".join(lines)
    return "none", text


def main():
    seed, count, outdir, files = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4:]
    rng = random.Random(seed)
    seeds = [(path, open(path, "rb").read()) for path in files]
    for n in range(count):
        path, text = rng.choice(seeds)
        applied = []
        for _ in range(rng.randint(1, 3)):
            kind, text = mutate(rng, text)
            applied.append(kind)
        case = os.path.join(outdir, str(n))
        os.makedirs(case, exist_ok=True)
        with open(os.path.join(case, "flow.yaml"), "wb") as out:
            out.write(text)
        with open(os.path.join(case, "from"), "w") as out:
            out.write(f"{path} {' '.join(applied)}\n")


if __name__ == "__main__":
    main()
