#include "scanner/walker.h"

#include <fcntl.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <future>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace keylint {
namespace {

namespace fs = std::filesystem;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;

// A fresh directory under the test temp dir, removed at the end. Not
// copyable.
class TempTree {
 public:
  TempTree() {
    std::string tmpl = testing::TempDir();
    if (tmpl.empty() || tmpl.back() != '/') tmpl += '/';
    tmpl += "keylint_walker_XXXXXX";
    char* made = mkdtemp(tmpl.data());
    EXPECT_NE(made, nullptr) << std::strerror(errno);
    root_ = tmpl;
  }
  TempTree(const TempTree&) = delete;
  TempTree& operator=(const TempTree&) = delete;
  ~TempTree() {
    // Restore permissions a test may have removed, then delete.
    std::error_code ec;
    for (auto it = fs::recursive_directory_iterator(
             root_, fs::directory_options::skip_permission_denied, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
      if (it->is_directory(ec) && !it->is_symlink(ec)) {
        fs::permissions(it->path(), fs::perms::owner_all, ec);
      }
    }
    chmod(root_.c_str(), 0700);
    fs::remove_all(root_, ec);
  }

  const std::string& root() const { return root_; }
  std::string Path(std::string_view rel) const {
    return root_ + "/" + std::string(rel);
  }

  void Write(std::string_view rel, std::string_view content) const {
    fs::path p = Path(rel);
    fs::create_directories(p.parent_path());
    std::ofstream out(p, std::ios::binary);
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
    ASSERT_TRUE(out.good()) << p;
  }
  void MkDir(std::string_view rel) const { fs::create_directories(Path(rel)); }
  void Symlink(std::string_view target, std::string_view rel) const {
    ASSERT_EQ(symlink(std::string(target).c_str(), Path(rel).c_str()), 0)
        << std::strerror(errno);
  }

 private:
  std::string root_;
};

// Records everything the walker reports.
class Collector : public FileVisitor {
 public:
  void OnFile(const FileContent& file) override {
    std::lock_guard<std::mutex> lock(mu_);
    std::string rel(file.rel_path);
    EXPECT_EQ(files.count(rel), 0u) << "visited twice: " << rel;
    files[rel] = std::string(file.data);
    abs_paths[rel] = std::string(file.abs_path);
    order.push_back(rel);
    workers.insert(file.worker);
    if (on_file) on_file(file);
  }
  void OnSkip(std::string_view rel_path, SkipReason reason) override {
    std::lock_guard<std::mutex> lock(mu_);
    skips[std::string(rel_path)] = reason;
  }
  void OnError(std::string_view rel_path, std::string_view message) override {
    std::lock_guard<std::mutex> lock(mu_);
    errors[std::string(rel_path)] = std::string(message);
  }

  std::vector<std::string> FileNames() const {
    std::vector<std::string> names;
    for (const auto& [name, data] : files) names.push_back(name);
    return names;
  }

  std::map<std::string, std::string> files;
  std::map<std::string, std::string> abs_paths;
  std::map<std::string, SkipReason> skips;
  std::map<std::string, std::string> errors;
  std::vector<std::string> order;
  std::set<int> workers;
  std::function<void(const FileContent&)> on_file;  // called under the lock

 private:
  std::mutex mu_;
};

std::string RealPath(const std::string& path) {
  char* real = realpath(path.c_str(), nullptr);
  std::string out = real != nullptr ? real : "";
  free(real);
  return out;
}

WalkOptions Threads(int n) {
  WalkOptions options;
  options.threads = n;
  return options;
}

// Runs Walk, failing (instead of hanging) if it has not finished after ten
// seconds; `fifo`, when given, is opened for writing to release a reader
// stuck on it.
Status WalkWithDeadline(const std::string& root, const WalkOptions& options,
                        Collector* collector, const std::string& fifo = "") {
  auto result = std::async(std::launch::async,
                           [&] { return Walk(root, options, collector); });
  if (result.wait_for(std::chrono::seconds(10)) != std::future_status::ready) {
    ADD_FAILURE() << "Walk(" << root << ") did not finish: blocked on a FIFO?";
    if (!fifo.empty()) {
      int fd = open(fifo.c_str(), O_RDWR | O_NONBLOCK);
      if (fd >= 0) close(fd);
    }
  }
  return result.get();
}

TEST(WalkerTest, FindsFilesWithRelativePaths) {
  TempTree t;
  t.Write("a.txt", "alpha");
  t.Write("dir/b.txt", "bravo");
  t.Write("dir/sub/c.txt", "charlie");
  t.Write(".hidden", "hidden files are scanned");
  t.Write("empty", "");
  t.MkDir("empty_dir");
  Collector c;
  ASSERT_TRUE(Walk(t.root(), Threads(2), &c).ok());
  EXPECT_THAT(c.FileNames(),
              UnorderedElementsAre("a.txt", "dir/b.txt", "dir/sub/c.txt",
                                   ".hidden", "empty"));
  EXPECT_EQ(c.files["dir/sub/c.txt"], "charlie");
  EXPECT_EQ(c.files["empty"], "");
  const std::string real = RealPath(t.root());
  EXPECT_EQ(c.abs_paths["dir/sub/c.txt"], real + "/dir/sub/c.txt");
  EXPECT_THAT(c.skips, IsEmpty());
  EXPECT_THAT(c.errors, IsEmpty());
  for (int w : c.workers) {
    EXPECT_GE(w, 0);
    EXPECT_LT(w, 2);
  }
}

TEST(WalkerTest, RootWithTrailingSlashOrSymlinkGivesSameRelativePaths) {
  TempTree t;
  t.Write("real/x/y.txt", "y");
  t.Symlink("real", "link");
  Collector slash;
  ASSERT_TRUE(Walk(t.Path("real") + "/", Threads(1), &slash).ok());
  EXPECT_THAT(slash.FileNames(), ElementsAre("x/y.txt"));
  // A root given as a symlink is followed (it was named explicitly).
  Collector via_link;
  ASSERT_TRUE(Walk(t.Path("link"), Threads(1), &via_link).ok());
  EXPECT_THAT(via_link.FileNames(), ElementsAre("x/y.txt"));
}

TEST(WalkerTest, SingleThreadOrderIsSortedFilesThenDirectories) {
  TempTree t;
  t.Write("b", "");
  t.Write("a", "");
  t.Write("c/d", "");
  t.Write("c/a", "");
  t.Write("e", "");
  Collector c;
  ASSERT_TRUE(Walk(t.root(), Threads(1), &c).ok());
  EXPECT_THAT(c.order, ElementsAre("a", "b", "e", "c/a", "c/d"));
  EXPECT_THAT(c.workers, ElementsAre(0));
}

TEST(WalkerTest, SkipsGitDirectoriesSilently) {
  TempTree t;
  t.Write(".git/config", "[core]\n");
  t.Write(".git/objects/ab/cdef", "blob");
  t.Write("src/main.c", "int main;");
  t.Write("sub/module/.git", "gitdir: ../../.git/modules/m\n");
  t.Write("sub/module/lib.c", "lib");
  Collector c;
  ASSERT_TRUE(Walk(t.root(), Threads(1), &c).ok());
  EXPECT_THAT(c.FileNames(),
              UnorderedElementsAre("src/main.c", "sub/module/lib.c"));
  EXPECT_THAT(c.skips, IsEmpty());
}

TEST(WalkerTest, SkipsBinaryFiles) {
  TempTree t;
  std::string small_binary = "abc";
  small_binary += '\0';
  small_binary += "def";
  t.Write("small.bin", small_binary);
  std::string big_binary(100000, 'x');
  big_binary[10] = '\0';
  t.Write("big.bin", big_binary);
  std::string edge_in(8192, 'x');
  edge_in[8191] = '\0';  // last byte of the probe
  t.Write("edge_in.bin", edge_in);
  std::string edge_out(9000, 'x');
  edge_out[8192] = '\0';  // first byte after the probe: text
  t.Write("late_nul.txt", edge_out);
  // Above 256 KiB the walker probes before it reads the rest; below, it
  // reads the file whole: the rule is the same either way.
  std::string huge_binary(300000, 'y');
  huge_binary[100] = '\0';
  t.Write("huge.bin", huge_binary);
  std::string huge_late(300000, 'y');
  huge_late[8192] = '\0';
  t.Write("huge_late_nul.txt", huge_late);
  t.Write("text.txt", "plain text\n");
  Collector c;
  ASSERT_TRUE(Walk(t.root(), Threads(1), &c).ok());
  EXPECT_THAT(c.FileNames(), UnorderedElementsAre("late_nul.txt", "text.txt",
                                                  "huge_late_nul.txt"));
  EXPECT_EQ(c.files["late_nul.txt"], edge_out);
  EXPECT_EQ(c.files["huge_late_nul.txt"], huge_late);
  EXPECT_EQ(c.skips["huge.bin"], SkipReason::kBinary);
  EXPECT_EQ(c.skips["small.bin"], SkipReason::kBinary);
  EXPECT_EQ(c.skips["big.bin"], SkipReason::kBinary);
  EXPECT_EQ(c.skips["edge_in.bin"], SkipReason::kBinary);
}

// The kernel copies into a cache-line aligned buffer at about twice the
// speed of malloc's 16-byte alignment (CacheLineAllocator in walker.cc).
TEST(WalkerTest, FileDataStartsOnACacheLine) {
  TempTree t;
  t.Write("a.txt", "short\n");
  t.Write("b.txt", std::string(70000, 'b'));      // the buffer grows
  t.Write("c.txt", std::string(300000, 'c'));     // probed, then grown
  t.Write("d/e.txt", std::string(5000, 'e'));
  Collector c;
  std::vector<uintptr_t> addresses;
  c.on_file = [&](const FileContent& f) {
    addresses.push_back(reinterpret_cast<uintptr_t>(f.data.data()));
  };
  ASSERT_TRUE(Walk(t.root(), Threads(2), &c).ok());
  ASSERT_EQ(addresses.size(), 4u);
  for (uintptr_t a : addresses) EXPECT_EQ(a % 64, 0u) << std::hex << a;
}

TEST(WalkerTest, SkipsFilesLargerThanTheLimit) {
  TempTree t;
  t.Write("at_limit.txt", std::string(100, 'a'));
  t.Write("over_limit.txt", std::string(101, 'a'));
  std::string large(3 << 20, 'z');
  t.Write("large.txt", large);
  WalkOptions options = Threads(1);
  options.max_file_size = 100;
  Collector c;
  ASSERT_TRUE(Walk(t.root(), options, &c).ok());
  EXPECT_THAT(c.FileNames(), ElementsAre("at_limit.txt"));
  EXPECT_EQ(c.skips["over_limit.txt"], SkipReason::kTooLarge);
  EXPECT_EQ(c.skips["large.txt"], SkipReason::kTooLarge);

  // With the default limit the 3 MiB file is read whole, past the probe.
  Collector all;
  ASSERT_TRUE(Walk(t.root(), Threads(1), &all).ok());
  EXPECT_EQ(all.files["large.txt"], large);
}

TEST(WalkerTest, NeverFollowsSymlinks) {
  TempTree t;
  t.Write("target/file.txt", "t");
  t.Symlink("target/file.txt", "file_link");
  t.Symlink("target", "dir_link");
  t.Symlink("does-not-exist", "dangling");
  t.Symlink("loop_b", "loop_a");
  t.Symlink("loop_a", "loop_b");
  t.Symlink("..", "target/up");  // a cycle through a parent
  t.Symlink(".", "self");
  Collector c;
  ASSERT_TRUE(WalkWithDeadline(t.root(), Threads(2), &c).ok());
  EXPECT_THAT(c.FileNames(), ElementsAre("target/file.txt"));
  for (const char* link : {"file_link", "dir_link", "dangling", "loop_a",
                           "loop_b", "target/up", "self"}) {
    ASSERT_EQ(c.skips.count(link), 1u) << link;
    EXPECT_EQ(c.skips[link], SkipReason::kSymlink) << link;
  }
  EXPECT_THAT(c.errors, IsEmpty());
}

TEST(WalkerTest, FifoAndSocketAreNeverOpened) {
  TempTree t;
  t.Write("a.txt", "a");
  const std::string fifo = t.Path("pipe");
  ASSERT_EQ(mkfifo(fifo.c_str(), 0644), 0) << std::strerror(errno);
  t.MkDir("deeper");
  const std::string fifo2 = t.Path("deeper/pipe2");
  ASSERT_EQ(mkfifo(fifo2.c_str(), 0644), 0) << std::strerror(errno);

  int sock = socket(AF_UNIX, SOCK_STREAM, 0);
  ASSERT_GE(sock, 0);
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  const std::string sock_path = t.Path("sock");
  ASSERT_LT(sock_path.size(), sizeof(addr.sun_path));
  std::memcpy(addr.sun_path, sock_path.c_str(), sock_path.size() + 1);
  ASSERT_EQ(bind(sock, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0)
      << std::strerror(errno);

  Collector c;
  Status s = WalkWithDeadline(t.root(), Threads(2), &c, fifo);
  close(sock);
  ASSERT_TRUE(s.ok()) << s.message();
  EXPECT_THAT(c.FileNames(), ElementsAre("a.txt"));
  EXPECT_EQ(c.skips["pipe"], SkipReason::kSpecial);
  EXPECT_EQ(c.skips["deeper/pipe2"], SkipReason::kSpecial);
  EXPECT_EQ(c.skips["sock"], SkipReason::kSpecial);
}

TEST(WalkerTest, FifoRootIsSkippedNotOpened) {
  TempTree t;
  const std::string fifo = t.Path("pipe");
  ASSERT_EQ(mkfifo(fifo.c_str(), 0644), 0) << std::strerror(errno);
  Collector c;
  Status s = WalkWithDeadline(fifo, Threads(1), &c, fifo);
  ASSERT_TRUE(s.ok()) << s.message();
  EXPECT_THAT(c.files, IsEmpty());
  EXPECT_EQ(c.skips["pipe"], SkipReason::kSpecial);
}

TEST(WalkerTest, UnreadableFileAndDirectoryAreReported) {
  if (geteuid() == 0) {
    GTEST_SKIP() << "running as root: permission bits are not enforced, so "
                    "chmod 000 cannot make a file unreadable (see "
                    "FileRemovedMidWalkIsReported for the error path)";
  }
  TempTree t;
  t.Write("ok.txt", "fine");
  t.Write("locked.txt", "secret");
  t.Write("locked_dir/inner.txt", "inner");
  ASSERT_EQ(chmod(t.Path("locked.txt").c_str(), 0), 0);
  ASSERT_EQ(chmod(t.Path("locked_dir").c_str(), 0), 0);
  Collector c;
  ASSERT_TRUE(Walk(t.root(), Threads(2), &c).ok());
  EXPECT_THAT(c.FileNames(), ElementsAre("ok.txt"));
  EXPECT_EQ(c.errors["locked.txt"], "permission denied");
  EXPECT_EQ(c.errors["locked_dir"], "permission denied");
}

TEST(WalkerTest, FileRemovedMidWalkIsReported) {
  TempTree t;
  t.Write("a.txt", "first");
  t.Write("b.txt", "removed before it is opened");
  t.Write("c.txt", "third");
  t.Write("z/inner.txt", "removed with its directory");
  Collector c;
  c.on_file = [&](const FileContent& file) {
    if (file.rel_path == "a.txt") {
      fs::remove(t.Path("b.txt"));
      fs::remove_all(t.Path("z"));
    }
  };
  // One thread: a directory's files are read in order before its
  // subdirectories are listed, so the removals happen between the listing
  // and the opening.
  ASSERT_TRUE(Walk(t.root(), Threads(1), &c).ok());
  EXPECT_THAT(c.FileNames(), ElementsAre("a.txt", "c.txt"));
  EXPECT_EQ(c.errors["b.txt"], "no such file or directory");
  EXPECT_EQ(c.errors["z"], "no such file or directory");
  EXPECT_EQ(c.errors.size(), 2u);
}

TEST(WalkerTest, MissingOrUnreadableRootFails) {
  TempTree t;
  Collector c;
  const std::string missing = t.Path("nope");
  Status s = Walk(missing, Threads(1), &c);
  EXPECT_EQ(s.code(), Status::Code::kIoError);
  EXPECT_THAT(s.message(), HasSubstr(missing));
  EXPECT_THAT(s.message(), HasSubstr("no such file or directory"));

  s = Walk("", Threads(1), &c);
  EXPECT_FALSE(s.ok());

  if (geteuid() != 0) {
    t.Write("locked/x.txt", "x");
    ASSERT_EQ(chmod(t.Path("locked").c_str(), 0), 0);
    s = Walk(t.Path("locked"), Threads(1), &c);
    EXPECT_EQ(s.code(), Status::Code::kIoError);
    EXPECT_THAT(s.message(), HasSubstr("permission denied"));
  }
}

TEST(WalkerTest, ThreadCountDoesNotChangeResults) {
  TempTree t;
  for (int d = 0; d < 12; ++d) {
    for (int f = 0; f < 45; ++f) {
      std::string dir = "d" + std::to_string(d) + "/s" + std::to_string(f % 3);
      t.Write(dir + "/f" + std::to_string(f) + ".txt",
              "content " + std::to_string(d * 100 + f));
    }
    t.Write("d" + std::to_string(d) + "/bin", std::string("\0\1\2", 3));
    t.Symlink("..", "d" + std::to_string(d) + "/up");
  }
  t.Write(".gitignore", "*.skip\n");
  t.Write("d3/x.skip", "ignored");
  Collector one;
  ASSERT_TRUE(Walk(t.root(), Threads(1), &one).ok());
  EXPECT_EQ(one.files.size(), 12u * 45u + 1u);  // + .gitignore
  for (int threads : {2, 3, 8}) {
    Collector many;
    ASSERT_TRUE(Walk(t.root(), Threads(threads), &many).ok());
    EXPECT_EQ(many.files, one.files) << threads << " threads";
    EXPECT_EQ(many.skips, one.skips) << threads << " threads";
    EXPECT_EQ(many.errors, one.errors) << threads << " threads";
    for (int w : many.workers) {
      EXPECT_GE(w, 0);
      EXPECT_LT(w, threads);
    }
  }
  Collector automatic;  // threads = 0: hardware concurrency
  ASSERT_TRUE(Walk(t.root(), WalkOptions(), &automatic).ok());
  EXPECT_EQ(automatic.files, one.files);
}

TEST(WalkerTest, ExcludeGlobs) {
  TempTree t;
  t.Write("main.go", "package main");
  t.Write("vendor/lib/x.go", "vendored");
  t.Write("web/app.min.js", "minified");
  t.Write("web/app.js", "source");
  t.Write("docs/guide.md", "guide");
  t.Write("docs/keep.md", "keep");
  t.Write("docs/deep/a.md", "deep");
  WalkOptions options = Threads(2);
  options.exclude_globs = {"vendor/", "*.min.js", "docs/**", "!docs/keep.md"};
  Collector c;
  ASSERT_TRUE(Walk(t.root(), options, &c).ok());
  EXPECT_THAT(c.FileNames(),
              UnorderedElementsAre("main.go", "web/app.js", "docs/keep.md"));
  EXPECT_EQ(c.skips["vendor"], SkipReason::kIgnored);
  EXPECT_EQ(c.skips.count("vendor/lib"), 0u);  // not descended
  EXPECT_EQ(c.skips["web/app.min.js"], SkipReason::kIgnored);
  EXPECT_EQ(c.skips["docs/guide.md"], SkipReason::kIgnored);
  EXPECT_EQ(c.skips["docs/deep"], SkipReason::kIgnored);

  // Exclude globs apply even when ignore files are not respected.
  options.respect_ignore_files = false;
  Collector c2;
  ASSERT_TRUE(Walk(t.root(), options, &c2).ok());
  EXPECT_EQ(c2.files, c.files);
}

TEST(WalkerTest, MalformedExcludeGlobIsRejected) {
  TempTree t;
  WalkOptions options;
  options.exclude_globs = {"src/[abc"};
  Collector c;
  Status s = Walk(t.root(), options, &c);
  EXPECT_EQ(s.code(), Status::Code::kInvalidArgument);
  EXPECT_THAT(s.message(), HasSubstr("src/[abc"));
}

TEST(WalkerTest, HonoursIgnoreFiles) {
  TempTree t;
  t.MkDir(".git/info");
  t.Write(".git/info/exclude", "# local excludes\nexcluded-by-info.txt\n");
  t.Write(".gitignore",
          "*.log\n"
          "!important.log\n"
          "build/\n"
          "!build/keep.txt\n"
          "/root-only.txt\n"
          ".env\n");
  t.Write(".keylintignore", "fixtures/\n!.env\n");
  t.Write("app.log", "x");
  t.Write("important.log", "kept by negation");
  t.Write("build/keep.txt", "cannot be re-included");
  t.Write("root-only.txt", "anchored");
  t.Write("sub/root-only.txt", "not the anchored one");
  t.Write(".env", "re-included by .keylintignore");
  t.Write("excluded-by-info.txt", "x");
  t.Write("fixtures/f.txt", "x");
  t.Write("sub/.gitignore", "!debug.log\n/local.txt\n");
  t.Write("sub/debug.log", "re-included by the nested file");
  t.Write("sub/other.log", "still ignored");
  t.Write("sub/local.txt", "ignored by the nested file");
  t.Write("sub/deeper/local.txt", "anchored to sub/, so kept");
  t.Write("sub/deeper/.env", "re-included by .keylintignore");
  t.Write("sub/deeper/.keylintignore", "*.md\n");
  t.Write("sub/deeper/readme.md", "ignored by the nested .keylintignore");
  t.Write("readme.md", "kept: the nested .keylintignore is not above it");
  Collector c;
  ASSERT_TRUE(Walk(t.root(), Threads(2), &c).ok());
  EXPECT_THAT(c.FileNames(),
              UnorderedElementsAre(".gitignore", ".keylintignore",
                                   "important.log", "sub/root-only.txt", ".env",
                                   "sub/.gitignore", "sub/debug.log",
                                   "sub/deeper/local.txt", "sub/deeper/.env",
                                   "sub/deeper/.keylintignore", "readme.md"));
  for (const char* ignored :
       {"app.log", "build", "root-only.txt", "excluded-by-info.txt", "fixtures",
        "sub/other.log", "sub/local.txt", "sub/deeper/readme.md"}) {
    ASSERT_EQ(c.skips.count(ignored), 1u) << ignored;
    EXPECT_EQ(c.skips[ignored], SkipReason::kIgnored) << ignored;
  }
  EXPECT_EQ(c.skips.count("build/keep.txt"), 0u);  // never looked at
  EXPECT_THAT(c.errors, IsEmpty());

  // Not respecting ignore files visits everything but .git.
  WalkOptions options = Threads(2);
  options.respect_ignore_files = false;
  Collector all;
  ASSERT_TRUE(Walk(t.root(), options, &all).ok());
  EXPECT_EQ(all.files.size(), 19u);
  EXPECT_EQ(all.files.count("build/keep.txt"), 1u);
  EXPECT_EQ(all.files.count(".git/info/exclude"), 0u);
  EXPECT_THAT(all.skips, IsEmpty());
}

TEST(WalkerTest, NestedRepositoryDoesNotInheritGitignore) {
  TempTree t;
  t.MkDir(".git");
  t.Write(".gitignore", "*.log\n");
  t.Write("a.log", "ignored");
  t.MkDir("vendor/lib/.git/info");
  t.Write("vendor/lib/.git/info/exclude", "*.o\n");
  t.Write("vendor/lib/x.log", "kept: another repository");
  t.Write("vendor/lib/x.o", "ignored by the inner info/exclude");
  t.Write("vendor/y.log", "ignored");
  Collector c;
  ASSERT_TRUE(Walk(t.root(), Threads(1), &c).ok());
  EXPECT_THAT(c.FileNames(),
              UnorderedElementsAre(".gitignore", "vendor/lib/x.log"));
  EXPECT_EQ(c.skips["vendor/lib/x.o"], SkipReason::kIgnored);
  EXPECT_EQ(c.skips["vendor/y.log"], SkipReason::kIgnored);
}

TEST(WalkerTest, RootInsideRepositoryUsesAncestorIgnoreFiles) {
  TempTree t;
  t.MkDir("repo/.git/info");
  t.Write("repo/.git/info/exclude", "*.bak\n");
  t.Write("repo/.gitignore", "*.log\n/src/only-here.txt\n!src/pkg/keep.log\n");
  t.Write("repo/src/.keylintignore", "*.gen\n");
  t.Write("repo/src/pkg/a.log", "ignored by repo/.gitignore");
  t.Write("repo/src/pkg/keep.log", "re-included");
  t.Write("repo/src/pkg/b.bak", "ignored by info/exclude");
  t.Write("repo/src/pkg/c.gen", "ignored by repo/src/.keylintignore");
  t.Write("repo/src/pkg/main.c", "kept");
  t.Write("repo/src/pkg/only-here.txt", "kept: anchored elsewhere");
  Collector c;
  ASSERT_TRUE(Walk(t.Path("repo/src/pkg"), Threads(1), &c).ok());
  EXPECT_THAT(c.FileNames(),
              UnorderedElementsAre("keep.log", "main.c", "only-here.txt"));
  EXPECT_EQ(c.skips["a.log"], SkipReason::kIgnored);
  EXPECT_EQ(c.skips["b.bak"], SkipReason::kIgnored);
  EXPECT_EQ(c.skips["c.gen"], SkipReason::kIgnored);

  // Scanning repo/src: the anchored pattern now applies.
  t.Write("repo/src/only-here.txt", "ignored: anchored to repo/src");
  Collector c2;
  ASSERT_TRUE(Walk(t.Path("repo/src"), Threads(1), &c2).ok());
  EXPECT_EQ(c2.skips["only-here.txt"], SkipReason::kIgnored);
  EXPECT_EQ(c2.files.count("pkg/only-here.txt"), 1u);
}

TEST(WalkerTest, SingleFileRoot) {
  TempTree t;
  t.Write(".gitignore", "*.txt\n");
  t.Write("dir/file.txt", "single");
  std::string binary("a\0b", 3);
  t.Write("dir/blob", binary);
  Collector c;
  ASSERT_TRUE(Walk(t.Path("dir/file.txt"), Threads(4), &c).ok());
  // Named explicitly: read even though .gitignore would skip it.
  EXPECT_THAT(c.FileNames(), ElementsAre("file.txt"));
  EXPECT_EQ(c.files["file.txt"], "single");
  EXPECT_EQ(c.abs_paths["file.txt"], RealPath(t.Path("dir/file.txt")));

  Collector bin;
  ASSERT_TRUE(Walk(t.Path("dir/blob"), Threads(1), &bin).ok());
  EXPECT_THAT(bin.files, IsEmpty());
  EXPECT_EQ(bin.skips["blob"], SkipReason::kBinary);

  WalkOptions small = Threads(1);
  small.max_file_size = 3;
  Collector big;
  ASSERT_TRUE(Walk(t.Path("dir/file.txt"), small, &big).ok());
  EXPECT_EQ(big.skips["file.txt"], SkipReason::kTooLarge);
}

TEST(WalkerTest, ControlCharactersInNames) {
  TempTree t;
  const std::string newline = "line\nbreak.txt";
  const std::string tab_dir = "tab\there";
  const std::string ctl = std::string("\x01") + "ctl\x7f";
  t.Write(newline, "n");
  t.Write(tab_dir + "/" + ctl, "c");
  t.Write(" leading space", "s");
  Collector c;
  ASSERT_TRUE(Walk(t.root(), Threads(2), &c).ok());
  EXPECT_THAT(c.FileNames(), UnorderedElementsAre(newline, tab_dir + "/" + ctl,
                                                  " leading space"));
  EXPECT_EQ(c.files[tab_dir + "/" + ctl], "c");
}

TEST(WalkerTest, SkipReasonNames) {
  EXPECT_EQ(SkipReasonName(SkipReason::kBinary), "binary");
  EXPECT_EQ(SkipReasonName(SkipReason::kTooLarge), "too-large");
  EXPECT_EQ(SkipReasonName(SkipReason::kIgnored), "ignored");
  EXPECT_EQ(SkipReasonName(SkipReason::kSpecial), "special");
  EXPECT_EQ(SkipReasonName(SkipReason::kSymlink), "symlink");
}

}  // namespace
}  // namespace keylint
