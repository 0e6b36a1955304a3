#include "exec/group_script.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "exec/cluster_job.h"
#include "flow/sys/interrupt.h"
#include "flow/sys/process.h"

namespace flow::exec {
namespace {

ResourceValue number(std::int64_t value) {
  return ResourceValue{true, value, std::to_string(value)};
}

ResourceValue text(std::string value) {
  return ResourceValue{false, 0, std::move(value)};
}

JobSpec member(std::uint32_t id, std::string rule, std::string command) {
  JobSpec spec;
  spec.id = id;
  spec.rule = rule;
  spec.display_name = rule;
  spec.argv = {"sh", "-c", std::move(command)};
  spec.workdir = "/w";
  spec.identity = rule + "-id";
  return spec;
}

TEST(GroupRequestTest, AsksForTheMostThreadsTheLargestMemoryAndTheSumOfRuntimes) {
  std::vector<JobSpec> members = {member(1, "a", "x"), member(2, "b", "y"), member(3, "c", "z")};
  members[0].threads = 2;
  members[0].resources = {{"mem_mb", number(100)}, {"runtime", number(10)}};
  members[1].threads = 4;
  members[1].resources = {{"mem_mb", number(300)}, {"walltime", text("00:30:00")}};
  members[2].resources = {{"slurm_partition", text("short")}};
  auto request = group_request("lane", members);
  ASSERT_TRUE(request.ok()) << request.error().message;
  EXPECT_EQ(request->threads, 4);
  EXPECT_EQ(request->resources.at("mem_mb").number, 300);
  EXPECT_EQ(request->resources.at("runtime").text, "00:40:00");  // 10 min + 30 min
  EXPECT_EQ(request->resources.count("walltime"), 0u);
  EXPECT_EQ(request->resources.at("slurm_partition").text, "short");
  EXPECT_EQ(request->display_name, "group lane");
  // The identity is the group's members: the same jobs give the same directory.
  EXPECT_EQ(group_request("lane", members)->identity, request->identity);
  members.pop_back();
  EXPECT_NE(group_request("lane", members)->identity, request->identity);
}

TEST(GroupRequestTest, RefusesMembersThatAskForDifferentTexts) {
  std::vector<JobSpec> members = {member(1, "a", "x"), member(2, "b", "y")};
  members[0].resources = {{"slurm_partition", text("short")}};
  members[1].resources = {{"slurm_partition", text("long")}};
  auto request = group_request("lane", members);
  ASSERT_FALSE(request.ok());
  EXPECT_EQ(request.error().message,
            "group 'lane': its jobs ask for different slurm_partition: 'short' (rule 'a') and "
            "'long' (rule 'b'); one submission can ask for one");
  members[1].resources = {{"runtime", text("soon")}};
  EXPECT_NE(group_request("lane", members).error().message.find("rule 'b': resource runtime"),
            std::string::npos);
}

struct Ran {
  int exit_code = -1;
  std::vector<std::optional<Marker>> markers;  ///< per member
  std::optional<Marker> group;
  std::vector<std::string> stdouts;
};

// Renders the group script for `members` in a fresh directory, runs it under bash.
Ran run_group(std::vector<JobSpec> members, const std::vector<std::vector<std::size_t>>& needs,
              std::string& dir) {
  sys::install_signal_handlers();
  char pattern[] = "/tmp/flow-group-script-XXXXXX";
  dir = mkdtemp(pattern);
  std::vector<JobFiles> files;
  for (auto& spec : members) {
    spec.workdir = dir;
    files.push_back(job_files(dir + "/.flow/cluster", spec));
    std::filesystem::create_directories(files.back().dir);
  }
  auto request = group_request("lane", members);
  EXPECT_TRUE(request.ok());
  JobFiles group = job_files(dir + "/.flow/cluster", *request);
  std::filesystem::create_directories(group.dir);
  auto script = render_group_script("lane", members, files, needs, group,
                                    ScriptContext{{"#SBATCH --mem=1"}, "tok", "/usr/bin:/bin", ""});
  EXPECT_TRUE(script.ok());
  std::ofstream(group.script) << *script;
  auto spawner = sys::make_posix_spawner();
  auto ran = sys::run_command(*spawner, sys::SpawnRequest{{"bash", group.script}, "/", {}, {}});
  EXPECT_TRUE(ran.ok());
  Ran result;
  result.exit_code = ran->exit_code;
  auto read = [](const std::string& path) {
    std::stringstream text;
    text << std::ifstream(path).rdbuf();
    return text.str();
  };
  for (const auto& member_files : files) {
    result.markers.push_back(std::filesystem::exists(member_files.marker)
                                 ? parse_marker(read(member_files.marker), "tok")
                                 : std::nullopt);
    result.stdouts.push_back(read(member_files.stdout_path));
  }
  result.group = parse_marker(read(group.marker), "tok");
  return result;
}

TEST(GroupScriptTest, RunsTheMembersInOrderEachWithItsOwnMarkerAndOutput) {
  std::string dir;
  Ran ran = run_group({member(1, "a", "echo a > a.txt; echo said-a"),
                       member(2, "b", "cat a.txt > b.txt; echo b >> b.txt; echo said-b")},
                      {{}, {0}}, dir);
  EXPECT_EQ(ran.exit_code, 0);
  ASSERT_TRUE(ran.markers[0] && ran.markers[1] && ran.group);
  EXPECT_EQ(ran.markers[0]->exit_code, 0);
  EXPECT_EQ(ran.markers[1]->exit_code, 0);
  EXPECT_EQ(ran.group->exit_code, 0);
  EXPECT_EQ(ran.stdouts[0], "said-a\n");
  EXPECT_EQ(ran.stdouts[1], "said-b\n");
  std::stringstream b;
  b << std::ifstream(dir + "/b.txt").rdbuf();
  EXPECT_EQ(b.str(), "a\nb\n");
  std::filesystem::remove_all(dir);
}

TEST(GroupScriptTest, AFailedMemberSkipsOnlyWhatNeedsIt) {
  std::string dir;
  // 0 fails; 1 needs 0 (skipped); 2 needs nothing (runs); 3 needs 1 (skipped with it).
  Ran ran = run_group({member(1, "a", "exit 4"), member(2, "b", "touch b.txt"),
                       member(3, "c", "touch c.txt"), member(4, "d", "touch d.txt")},
                      {{}, {0}, {}, {1}}, dir);
  EXPECT_EQ(ran.exit_code, 1);
  ASSERT_TRUE(ran.markers[0].has_value());
  EXPECT_EQ(ran.markers[0]->exit_code, 4);
  EXPECT_FALSE(ran.markers[1].has_value());
  ASSERT_TRUE(ran.markers[2].has_value());
  EXPECT_EQ(ran.markers[2]->exit_code, 0);
  EXPECT_FALSE(ran.markers[3].has_value());
  EXPECT_TRUE(std::filesystem::exists(dir + "/c.txt"));
  EXPECT_FALSE(std::filesystem::exists(dir + "/b.txt"));
  EXPECT_FALSE(std::filesystem::exists(dir + "/d.txt"));
  ASSERT_TRUE(ran.group.has_value());
  EXPECT_EQ(ran.group->exit_code, 1);
  std::filesystem::remove_all(dir);
}

TEST(GroupScriptTest, AMemberCannotNeedOneAfterIt) {
  std::vector<JobSpec> members = {member(1, "a", "x"), member(2, "b", "y")};
  std::vector<JobFiles> files = {job_files("/s", members[0]), job_files("/s", members[1])};
  auto script = render_group_script("lane", members, files, {{1}, {}}, job_files("/s", members[0]),
                                    ScriptContext{});
  EXPECT_FALSE(script.ok());
}

}  // namespace
}  // namespace flow::exec
