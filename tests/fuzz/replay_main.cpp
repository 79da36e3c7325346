/* SPDX-License-Identifier: MIT */
/*
 * Replays fuzz inputs through a target's LLVMFuzzerTestOneInput without libFuzzer,
 * so the normal (gcc) build runs the checked-in corpora and found inputs as
 * regression tests: `lsgpu-fuzz-replay-NAME [--timeout=SECONDS] FILE|DIR...`.
 * Each input runs once, in name order; a crash, a hang past the timeout or an
 * input the target rejects with a trap names the input and fails the run.
 */
#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <dirent.h>
#include <fstream>
#include <iterator>
#include <string>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
extern "C" __attribute__((weak)) int LLVMFuzzerInitialize(int *argc, char ***argv);

namespace
{

const char *g_current = "(none)";

void
on_fatal(int sig)
{
   /* Only async-signal-safe calls: the message, then die of the same signal. */
   const char *what = sig == SIGALRM ? "timed out" : strsignal(sig);
   dprintf(STDERR_FILENO, "replay: input %s: %s\n", g_current, what);
   signal(sig, SIG_DFL);
   raise(sig == SIGALRM ? SIGABRT : sig);
}

void
collect(const std::string &path, std::vector<std::string> &files)
{
   struct stat st;
   if (stat(path.c_str(), &st) != 0) {
      fprintf(stderr, "replay: %s: %s\n", path.c_str(), strerror(errno));
      exit(2);
   }
   if (!S_ISDIR(st.st_mode)) {
      files.push_back(path);
      return;
   }
   DIR *dir = opendir(path.c_str());
   std::vector<std::string> names;
   while (dirent *e = dir ? readdir(dir) : nullptr)
      if (e->d_name[0] != '.' && strcmp(e->d_name, "README.md") != 0)
         names.push_back(path + "/" + e->d_name);
   if (dir)
      closedir(dir);
   std::sort(names.begin(), names.end());
   for (const std::string &n : names)
      collect(n, files);
}

double
now_s()
{
   timespec ts;
   clock_gettime(CLOCK_MONOTONIC, &ts);
   return ts.tv_sec + ts.tv_nsec * 1e-9;
}

} // namespace

int
main(int argc, char **argv)
{
   unsigned timeout = 30;
   std::vector<std::string> files;
   for (int i = 1; i < argc; i++) {
      if (strncmp(argv[i], "--timeout=", 10) == 0)
         timeout = (unsigned)atoi(argv[i] + 10);
      else
         collect(argv[i], files);
   }
   if (files.empty()) {
      fprintf(stderr, "replay: no inputs (usage: %s [--timeout=S] FILE|DIR...)\n", argv[0]);
      return 1;
   }
   for (int sig : {SIGALRM, SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP})
      signal(sig, on_fatal);
   if (LLVMFuzzerInitialize)
      LLVMFuzzerInitialize(&argc, &argv);

   const double start = now_s();
   for (const std::string &f : files) {
      std::ifstream in(f, std::ios::binary);
      std::vector<uint8_t> data((std::istreambuf_iterator<char>(in)),
                                std::istreambuf_iterator<char>());
      g_current = f.c_str();
      alarm(timeout);
      /* A copy the size of the input exactly, as libFuzzer hands it, so ASan builds
       * catch reads past the end. */
      uint8_t *copy = static_cast<uint8_t *>(malloc(data.size() ? data.size() : 1));
      memcpy(copy, data.data(), data.size());
      LLVMFuzzerTestOneInput(copy, data.size());
      free(copy);
      alarm(0);
   }
   const char *name = strrchr(argv[0], '/');
   printf("%s: %zu inputs replayed in %.1f s: no crash, hang or trap\n", name ? name + 1 : argv[0],
          files.size(), now_s() - start);
   return 0;
}
