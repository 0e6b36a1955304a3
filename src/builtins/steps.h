#pragma once
// One function per built-in step, each defined in the file of the same name (fetch.cpp ...).
// catalog.cpp lists them; see step.h for how to add one.

#include "builtins/step.h"

namespace flow::builtins {

Step bar_chart_step();
Step boil_step();
Step chop_step();
Step count_distinct_step();
Step fetch_step();
Step join_tsv_step();
Step mix_step();
Step ner_step();
Step ner_report_step();
Step paragraphs_step();
Step stem_step();
Step words_step();

}  // namespace flow::builtins
