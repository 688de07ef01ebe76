// How fast read() copies a tree's files into a buffer, by the buffer's
// offset from a 64-byte boundary: why the walker's read buffer starts on a
// cache line (CacheLineAllocator in scanner/walker.cc). One thread; every
// file is opened, read whole into the buffer and closed, as the walker
// does; best of RUNS passes per offset.
//
//   keylint_read_bench TREE [RUNS]
//
// prints one line per offset:
//
//   offset 16: 1263 MB/s
#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <system_error>
#include <vector>

#include "bench/bench_args.h"

int main(int argc, char** argv) {
  int runs = 0;
  if (!ParseTreeAndRuns(argc, argv, 3, &runs)) return 2;
  namespace fs = std::filesystem;
  std::vector<std::string> paths;
  std::error_code ec;
  for (fs::recursive_directory_iterator it(
           argv[1], fs::directory_options::skip_permission_denied, ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (!it->is_symlink(ec) && it->is_regular_file(ec))
      paths.push_back(it->path().string());
  }
  if (paths.empty()) {
    std::fprintf(stderr, "%s: no files under %s\n", argv[0], argv[1]);
    return 2;
  }
  // Page-aligned memory, faulted in before timing; each offset reads into
  // base + offset.
  constexpr size_t kBuffer = 16u << 20;
  void* mem = mmap(nullptr, kBuffer + 4096, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (mem == MAP_FAILED) {
    std::perror("mmap");
    return 2;
  }
  char* base = static_cast<char*>(mem);
  for (size_t i = 0; i < kBuffer + 4096; i += 4096) base[i] = 1;
  for (size_t offset : {0, 8, 16, 32, 48, 64, 2048}) {
    double best = 1e300;
    size_t bytes = 0;
    for (int r = 0; r < runs; ++r) {
      const auto t0 = std::chrono::steady_clock::now();
      bytes = 0;
      for (const auto& p : paths) {
        const int fd = open(p.c_str(), O_RDONLY | O_CLOEXEC);
        if (fd < 0) continue;
        ssize_t n;
        while ((n = read(fd, base + offset, kBuffer)) > 0)
          bytes += static_cast<size_t>(n);
        close(fd);
      }
      const double sec = std::chrono::duration<double>(
                             std::chrono::steady_clock::now() - t0)
                             .count();
      if (sec < best) best = sec;
    }
    std::printf("offset %zu: %.0f MB/s\n", offset, bytes / 1e6 / best);
  }
  munmap(mem, kBuffer + 4096);
  return 0;
}
