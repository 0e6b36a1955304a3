#pragma once
// A valid workflow using most of the file format (config, include, anchors, constraints,
// ruleorder, expand, flags, named items, params, resources, a block shell): the seed of the
// loader's fuzz test and one of the brace pre-pass's differential texts.

namespace flow::flowfile::test {

inline const char* const k_rich_workflow = R"(# a workflow
config:
  books: [11, 84, 1342]
  sizes:
    - 50
    - 300
  tool: {sort: sort}
include: [extra.yaml]
x-defaults: &defaults {threads: 2, retries: 1}
wildcard_constraints: {book: "[0-9]+"}
ruleorder: ["count > other"]
localrules: [all]
rules:
  all:
    input:
      - expand: counts/{book}.tsv
        book: config.books
      - {expand: "s/{{w}}/{size}.txt", size: config.sizes, ancient: false}
  download:
    output: {path: "books/{book}.txt", protected: true}
    builtin: fetch
    with: {url: "https://example.org/{wildcards.book}.txt"}
  count:
    <<: *defaults
    input: {text: "books/{book}.txt", stops: [a.txt, b.txt]}
    output: counts/{book}.tsv
    log: logs/{book}.log
    params: {n: "{config.sizes}", flag: true}
    resources: {mem_mb: 200, walltime: "00:10:00"}
    shell: |
      {config.tool.sort} -u {input.text} | wc -l > {output} 2> {log}
)";

}  // namespace flow::flowfile::test
