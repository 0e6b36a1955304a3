#pragma once
// The one owner of the `.flow/` layout (issue 10 §5): every module that reads or writes
// something under the state directory takes its name from here.
//
//   .flow/state.log             the journal of outputs and running jobs (state::StateLog)
//   .flow/state.log.compacting  a compaction in progress; removed by the next writer
//   .flow/lock                  held by the flow that runs here (state::WorkdirLock)
//   .flow/scripts/RULE-JOB.sh   the command of a job whose shell text is too long for argv
//   .flow/jobs/RULE-JOB.json    a `script:` job's $FLOW_JOB, and its .R or .sh preamble; removed
//                               when the job succeeds, kept after a failure (to look at)
//   .flow/shadow/RULE-ID/       a shadow rule's scratch directory while its job runs (run);
//                               removed when it ends, leftovers at the next run
//   .flow/cluster/RULE.ID/      a cluster job's script, output, marker and record (exec)
//   .flow/last-run.tsv          the last run's jobs, for --report (report::RunHistory)
//   .flow/report-rulegraph.dot  the rule graph --report draws
//   .flow/history.tsv           every successful job's times, memory and input size, across
//                               runs, for --estimate (report::JobHistory)

#include <string_view>

namespace flow::layout {

inline constexpr std::string_view k_state_dir = ".flow";
inline constexpr std::string_view k_journal = "state.log";
inline constexpr std::string_view k_compacting_suffix = ".compacting";
inline constexpr std::string_view k_lock = "lock";
inline constexpr std::string_view k_scripts_dir = "scripts";
inline constexpr std::string_view k_jobs_dir = "jobs";
inline constexpr std::string_view k_cluster_dir = "cluster";
inline constexpr std::string_view k_shadow_dir = "shadow";
inline constexpr std::string_view k_run_history = "last-run.tsv";
inline constexpr std::string_view k_report_rulegraph = "report-rulegraph.dot";
inline constexpr std::string_view k_job_history = "history.tsv";

}  // namespace flow::layout
