// The command line the C++ bench programs share: `NAME TREE [RUNS]`.
#ifndef KEYLINT_BENCH_BENCH_ARGS_H_
#define KEYLINT_BENCH_BENCH_ARGS_H_

#include <cstdio>
#include <cstdlib>

// Sets *runs (default_runs when RUNS is absent). Prints a one-line usage or
// error and returns false when the arguments are wrong (exit 2).
inline bool ParseTreeAndRuns(int argc, char** argv, int default_runs,
                             int* runs) {
  if (argc < 2 || argc > 3) {
    std::fprintf(stderr, "usage: %s TREE [RUNS]\n", argv[0]);
    return false;
  }
  *runs = argc == 3 ? std::atoi(argv[2]) : default_runs;
  if (*runs < 1) {
    std::fprintf(stderr, "%s: RUNS must be a positive number\n", argv[0]);
    return false;
  }
  return true;
}

#endif  // KEYLINT_BENCH_BENCH_ARGS_H_
