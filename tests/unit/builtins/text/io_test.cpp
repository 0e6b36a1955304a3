#include "builtins/text/io.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include "../builtin_test_util.h"
#include "builtins/temp_cleanup.h"

namespace flow::builtins::text {
namespace {

using test::TempDir;

std::string error_of(const Result<std::string>& result) {
  return result ? "<ok>" : result.error().message;
}

TEST(TextIoTest, ReadsAWholeFile) {
  TempDir dir;
  std::string path = dir.write("in.txt", std::string("a\0b\r\n", 5));
  auto contents = read_input(path);
  ASSERT_TRUE(contents.ok());
  EXPECT_EQ(*contents, std::string("a\0b\r\n", 5));
  EXPECT_EQ(*read_input(dir.write("empty.txt", "")), "");
}

TEST(TextIoTest, NamesTheFileWhenItCannotBeRead) {
  TempDir dir;
  EXPECT_EQ(error_of(read_input(dir / "nope.txt")),
            "input '" + dir / "nope.txt" + "': no such file");
  EXPECT_EQ(error_of(read_input(dir.path())),
            "input '" + dir.path() + "': is a directory, not a file");
  if (::geteuid() != 0) {  // root reads anything
    std::string path = dir.write("secret.txt", "x");
    ::chmod(path.c_str(), 0);
    EXPECT_EQ(error_of(read_input(path)), "input '" + path + "': cannot open: Permission denied");
  }
}

TEST(TextIoTest, RefusesAFileAboveTheLimitWithoutReadingIt) {
  TempDir dir;
  std::string path = dir / "huge.txt";
  // A sparse file: 2 GiB long, no disk used.
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT, 0644);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(::ftruncate(fd, k_max_input_bytes * 2), 0);
  ::close(fd);
  EXPECT_EQ(error_of(read_input(path)),
            "input '" + path + "': too large (2147483648 bytes; the limit is 1073741824 bytes)");
  std::string small = dir.write("small.txt", "12345");
  EXPECT_EQ(error_of(read_input(small, 4)),
            "input '" + small + "': too large (5 bytes; the limit is 4 bytes)");
}

TEST(TextIoTest, ReadsTextDroppingTheBomAndCarriageReturns) {
  TempDir dir;
  std::string path = dir.write("in.txt", "\xEF\xBB\xBFone\r\ntwo\rthree\r\n");
  EXPECT_EQ(*read_text_input(path), "one\ntwo\rthree\n");
  EXPECT_EQ(*read_text_input(path, LineEnds::keep), "one\r\ntwo\rthree\r\n");
  EXPECT_EQ(*read_text_input(dir.write("bom.txt", "\xEF\xBB\xBF")), "");
}

TEST(TextIoTest, RejectsInvalidUtf8AndBinaryData) {
  TempDir dir;
  std::string latin1 = dir.write("latin1.txt", "caf\xE9\n");
  EXPECT_EQ(error_of(read_text_input(latin1)), "input '" + latin1 + "': invalid UTF-8 at byte 3");
  // Offsets count the BOM, so they match what a hex viewer shows.
  std::string bom = dir.write("bom.txt",
                              "\xEF\xBB\xBF"
                              "ab\xFF");
  EXPECT_EQ(error_of(read_text_input(bom)), "input '" + bom + "': invalid UTF-8 at byte 5");
  std::string binary = dir.write("binary.dat", std::string("text\0more", 9));
  EXPECT_EQ(error_of(read_text_input(binary)),
            "input '" + binary + "': binary data (NUL byte at byte 4)");
}

TEST(TextIoTest, AnOutputAppearsOnlyWhenCommitted) {
  TempDir dir;
  std::string path = dir / "sub/dir/out.txt";  // parents are created
  auto output = AtomicOutput::create(path);
  ASSERT_TRUE(output.ok()) << output.error().message;
  ASSERT_TRUE(output->write("hello ").ok());
  ASSERT_TRUE(output->write(std::string(100000, 'x')).ok());
  EXPECT_FALSE(test::file_exists(path));
  EXPECT_TRUE(test::file_exists(output->temp_path()));
  EXPECT_EQ(output->size(), 100006u);
  ASSERT_TRUE(output->commit().ok());
  EXPECT_EQ(test::read_file(path), "hello " + std::string(100000, 'x'));
  EXPECT_EQ(test::TempDir::list_of(dir / "sub/dir"), std::vector<std::string>{"out.txt"});
}

TEST(TextIoTest, AnUncommittedOutputLeavesNothingAndKeepsTheOldFile) {
  TempDir dir;
  std::string path = dir.write("out.txt", "old");
  {
    auto output = AtomicOutput::create(path);
    ASSERT_TRUE(output.ok());
    ASSERT_TRUE(output->write("new, but the step fails").ok());
  }
  EXPECT_EQ(test::read_file(path), "old");
  EXPECT_EQ(dir.list(), std::vector<std::string>{"out.txt"});
  ASSERT_TRUE(write_output(path, "new").ok());
  EXPECT_EQ(test::read_file(path), "new");
}

TEST(TextIoTest, AnOutputInAnUnwritableDirectoryIsAClearError) {
  TempDir dir;
  std::string blocker = dir.write("file", "");
  auto output = AtomicOutput::create(blocker + "/out.txt");
  ASSERT_FALSE(output.ok());
  EXPECT_TRUE(output.error().message.starts_with("output '" + blocker +
                                                 "/out.txt': cannot create "
                                                 "directory"))
      << output.error().message;
}

// A step killed by SIGTERM (the runner stopping a job) removes its temporary files.
TEST(TextIoTest, AKilledStepLeavesNoTemporaryFile) {
  TempDir dir;
  int ready[2];
  ASSERT_EQ(::pipe(ready), 0);
  pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    install_temp_cleanup();
    auto output = AtomicOutput::create(dir / "out.txt");
    if (!output || !output->write("partial")) ::_exit(3);
    [[maybe_unused]] ssize_t n = ::write(ready[1], "x", 1);
    ::pause();
    ::_exit(4);
  }
  char byte = 0;
  ASSERT_EQ(::read(ready[0], &byte, 1), 1);
  EXPECT_EQ(dir.list().size(), 1u);  // the temporary file
  ::kill(child, SIGTERM);
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGTERM);
  EXPECT_TRUE(dir.list().empty());
  ::close(ready[0]);
  ::close(ready[1]);
}

}  // namespace
}  // namespace flow::builtins::text
