// Default sanitizer options for the ASan+UBSan build (-DKEYLINT_SANITIZE=ON
// or -DKEYLINT_FUZZ=ON), compiled into keylint, keylint_tests and the fuzz
// targets so that running any of them directly behaves as CI does.
//
// A sanitizer error exits with code 86, which no keylint command uses
// (0 clean, 1 findings, 2 usage, 3 I/O): a test that expects "exit 1,
// findings" must not pass because ASan found a leak. Leak checking is on;
// UBSan prints the stack of what it found. ASAN_OPTIONS / UBSAN_OPTIONS in
// the environment still override these.
extern "C" {

__attribute__((used, visibility("default"))) const char*
__asan_default_options() {
  return "exitcode=86:detect_leaks=1:strict_string_checks=1:"
         "check_initialization_order=1:detect_stack_use_after_return=1";
}

__attribute__((used, visibility("default"))) const char*
__ubsan_default_options() {
  return "exitcode=86:print_stacktrace=1:halt_on_error=1";
}

__attribute__((used, visibility("default"))) const char*
__lsan_default_options() {
  return "exitcode=86";
}

}  // extern "C"
