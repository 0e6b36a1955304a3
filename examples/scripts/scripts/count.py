from collections import Counter

min_length = int(snakemake.params.min_length)
with open(snakemake.input.text) as f:
    words = Counter(w for w in f.read().split() if len(w) >= min_length)
with open(snakemake.output[0], "w") as out:
    for word, n in sorted(words.items()):
        print(f"{word}\t{n}", file=out)
