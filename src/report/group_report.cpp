#include "flow/report/group_report.h"

#include <fmt/format.h>

namespace flow::report {

void write_group_units(const dag::Dag& dag, const std::vector<run::JobUnit>& units,
                       std::size_t jobs_to_submit, std::ostream& out) {
  if (units.empty()) return;
  out << "\nJob groups (each one cluster submission, its jobs in this order):\n";
  std::size_t grouped = 0;
  for (const auto& unit : units) {
    std::string line = fmt::format("    group {}: {} jobs:", unit.group, unit.members.size());
    for (std::size_t p = 0; p < unit.members.size(); ++p)
      line += fmt::format("{} {}", p == 0 ? "" : ",", dag.label(unit.members[p]));
    out << line << "\n";
    grouped += unit.members.size();
  }
  std::size_t alone = jobs_to_submit > grouped ? jobs_to_submit - grouped : 0;
  out << fmt::format("flow: {} cluster submissions: {} group{} of {} jobs, {} job{} alone.\n",
                     units.size() + alone, units.size(), units.size() == 1 ? "" : "s", grouped,
                     alone, alone == 1 ? "" : "s");
}

}  // namespace flow::report
