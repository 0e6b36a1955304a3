counts <- read.delim(snakemake@input[[1]], header = FALSE, col.names = c("word", "n"))
top <- counts[order(-counts$n, counts$word), ][1, ]
writeLines(sprintf("most common: %s (%d)", top$word, top$n), snakemake@output[["report"]])
