/* SPDX-License-Identifier: MIT */

/* lsgpu-compile: the standalone LSGPU-1 compiler (docs/compiler.md).
 *
 *   lsgpu-compile [--nir] [--llvm] [--asm] [-O0|-O2] [-o OUT.lsb]
 *                 [--max-statements N] [--max-seconds N] FILE...
 *   lsgpu-compile --corpus PATH...   compile every .shader_test, each in a child process
 *   lsgpu-compile --bench PATH...    compile-time and code-quality report
 *   lsgpu-compile --disasm FILE.lsb... disassemble binaries written with -o
 *
 * FILE is GLSL (.vert, .frag, .comp) or a piglit .shader_test. GLSL goes through
 * Mesa's standalone front end (the one freedreno's ir3_compiler uses) and then the
 * same lowering and back end as the driver. */

#include "lsgpu_compiler.h"
#include "lsgpu_glsl_frontend.h"

#include "compiler/glsl/ir.h"
#include "compiler/glsl/builtin_functions.h"
#include "compiler/glsl_types.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <dirent.h>
#include <string>
#include <csignal>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

namespace
{

struct Args {
   lsgpu_compile_options opts = {};
   const char *output = nullptr;
   bool corpus = false;
   bool bench = false;
   bool disasm = false;
   unsigned threads = 0;
   bool quiet = false;
   /* Resource limits of a plain compile: a source with more statements is refused
    * before the front end sees it (Mesa's GLSL compiler needs memory and time that
    * grow faster than the source), and a compile that takes more CPU time than this
    * is stopped (SIGXCPU), both with a one-line reason and exit status 1. */
   unsigned long max_statements = 100000;
   unsigned max_seconds = 60;
   std::vector<std::string> files;
};

bool
write_binary(const char *path, const lsgpu_shader_binary &b)
{
   FILE *f = fopen(path, "wb");
   if (!f)
      return false;
   const uint32_t magic = LSGPU_BINARY_FILE_MAGIC;
   bool ok = fwrite(&magic, 4, 1, f) == 1 && fwrite(&b.info, sizeof(b.info), 1, f) == 1 &&
             fwrite(b.code, 1, b.info.code_size, f) == b.info.code_size;
   return fclose(f) == 0 && ok;
}

} // namespace

bool
lsgpu_load_shader_file(const std::string &path, lsgpu_test_file *out, std::string *reason)
{
   if (path.size() > 12 && path.compare(path.size() - 12, 12, ".shader_test") == 0)
      return lsgpu_parse_shader_test(path.c_str(), out, reason);
   return lsgpu_load_glsl_file(path.c_str(), out, reason);
}

namespace
{

/* What SIGXCPU prints: set before each compile (a handler may only write()). */
char cpu_limit_message[512];

void
on_cpu_limit(int)
{
   ssize_t ignored = write(STDOUT_FILENO, cpu_limit_message, strlen(cpu_limit_message));
   (void)ignored;
   _exit(1);
}

/* Statements, as the ';' that end them (declarations and for-loop headers count too:
 * a bound, not a parse). */
unsigned long
statements(const lsgpu_test_file &file)
{
   unsigned long n = 0;
   for (const lsgpu_test_source &s : file.sources)
      n += (unsigned long)std::count(s.text.begin(), s.text.end(), ';');
   return n;
}

int
compile_one(const Args &args, const std::string &path)
{
   lsgpu_test_file file;
   std::string reason;
   /* A rejected file is an error for the command (exit 1); --corpus, which expects
    * rejections, reads the "rejected:" lines instead of the status. */
   if (!lsgpu_load_shader_file(path, &file, &reason)) {
      printf("%s: rejected: %s\n", path.c_str(), reason.c_str());
      return 1;
   }
   if (args.max_statements && statements(file) > args.max_statements) {
      printf("%s: rejected: %lu statements, more than the limit of %lu (--max-statements)\n",
             path.c_str(), statements(file), args.max_statements);
      return 1;
   }
   if (args.max_seconds) {
      snprintf(cpu_limit_message, sizeof(cpu_limit_message),
               "%s: rejected: compiling took more than %u s of CPU time (--max-seconds)\n",
               path.c_str(), args.max_seconds);
      fflush(stdout);
      signal(SIGXCPU, on_cpu_limit);
      struct rusage used;
      getrusage(RUSAGE_SELF, &used);
      const rlim_t spent = (rlim_t)used.ru_utime.tv_sec + (rlim_t)used.ru_stime.tv_sec;
      struct rlimit cpu = {spent + args.max_seconds, spent + args.max_seconds + 5};
      setrlimit(RLIMIT_CPU, &cpu);
   }
   std::vector<lsgpu_stage_result> results;
   lsgpu_compile_options opts = args.opts;
   opts.name = path.c_str();
   if (!lsgpu_compile_glsl(file, {opts}, &results, &reason)) {
      printf("%s: rejected: %s\n", path.c_str(), reason.c_str());
      return 1;
   }
   int failures = 0;
   for (lsgpu_stage_result &r : results) {
      const char *stage = _mesa_shader_stage_to_abbrev(r.stage);
      if (!r.ok) {
         printf("%s: %s rejected: %s\n", path.c_str(), stage, r.reason.c_str());
         failures++;
         continue;
      }
      if (!args.quiet)
         lsgpu_print_stats(&r.binary, path.c_str(), stdout);
      if (args.output && !write_binary(args.output, r.binary)) {
         fprintf(stderr, "lsgpu-compile: cannot write %s: %s\n", args.output, strerror(errno));
         return 2;
      }
      lsgpu_shader_binary_finish(&r.binary);
   }
   return failures ? 1 : 0;
}

void
collect(const std::string &path, std::vector<std::string> *out)
{
   struct stat st;
   if (stat(path.c_str(), &st) != 0)
      return;
   if (!S_ISDIR(st.st_mode)) {
      out->push_back(path);
      return;
   }
   DIR *d = opendir(path.c_str());
   if (!d)
      return;
   std::vector<std::string> names;
   while (dirent *e = readdir(d)) {
      if (e->d_name[0] != '.')
         names.push_back(e->d_name);
   }
   closedir(d);
   std::sort(names.begin(), names.end());
   for (const std::string &n : names) {
      std::string p = path + "/" + n;
      if (stat(p.c_str(), &st) == 0 && S_ISDIR(st.st_mode))
         collect(p, out);
      else if (n.size() > 12 && n.compare(n.size() - 12, 12, ".shader_test") == 0)
         out->push_back(p);
   }
}

/* A child gets 60 s of CPU, and a test's own rlimit on top of what the process
 * already maps (piglit applies it to a whole GL process, which maps a driver too). */
void
limit_child(unsigned long rlimit)
{
   struct rlimit cpu = {60, 60};
   setrlimit(RLIMIT_CPU, &cpu);
   if (!rlimit)
      return;
   unsigned long pages = 0;
   if (FILE *f = fopen("/proc/self/statm", "r")) {
      if (fscanf(f, "%lu", &pages) != 1)
         pages = 0;
      fclose(f);
   }
   const rlim_t bytes = pages * sysconf(_SC_PAGESIZE) + rlimit;
   struct rlimit as = {bytes, bytes};
   setrlimit(RLIMIT_AS, &as);
}

/* Every file in a child process, so that a crash is a finding, not the end of the
 * run. Prints one line per stage and a summary. */
int
run_corpus(const Args &args)
{
   std::vector<std::string> files;
   for (const std::string &p : args.files)
      collect(p, &files);
   unsigned compiled = 0, rejected = 0, crashed = 0, limited_out = 0;
   for (const std::string &f : files) {
      int pipefd[2];
      if (pipe(pipefd) != 0)
         return 2;
      fflush(stdout);
      lsgpu_test_file probe;
      std::string ignored;
      const bool limited = lsgpu_load_shader_file(f, &probe, &ignored) && probe.rlimit;
      pid_t pid = fork();
      if (pid == 0) {
         close(pipefd[0]);
         dup2(pipefd[1], 1);
         limit_child(limited ? probe.rlimit : 0);
         Args quiet = args;
         quiet.quiet = true;
         compile_one(quiet, f);
         printf("%s: done\n", f.c_str());
         fflush(stdout);
         _exit(0);
      }
      close(pipefd[1]);
      std::string out;
      char buf[4096];
      ssize_t n;
      while ((n = read(pipefd[0], buf, sizeof(buf))) > 0)
         out.append(buf, n);
      close(pipefd[0]);
      int status = 0;
      waitpid(pid, &status, 0);
      /* "FILE: rejected: …" (the whole file) or "FILE: FS rejected: …" (a stage). */
      const bool any_rejected = out.find(" rejected: ") != std::string::npos;
      const bool died = !WIFEXITED(status) || WEXITSTATUS(status) != 0 ||
                        out.find(": done\n") == std::string::npos;
      if (died && (limited || (WIFSIGNALED(status) && WTERMSIG(status) == SIGXCPU))) {
         /* piglit's rlimit tests (glsl-*-inline-explosion) expect the compile to run
          * out of memory: Mesa's GLSL front end inlines every call, 2^64 of them. */
         limited_out++;
         printf("%s: exceeded its resource limit (%s)\n", f.c_str(),
                limited ? "the test's rlimit" : "60 s of CPU");
      } else if (died) {
         crashed++;
         printf("%s: CRASH (status %d)\n", f.c_str(), status);
      } else if (any_rejected) {
         rejected++;
      } else {
         compiled++;
      }
      /* Keep only the rejection lines: the reasons are the log the issue asks for. */
      size_t start = 0;
      while (start < out.size()) {
         size_t end = out.find('\n', start);
         std::string line = out.substr(start, end == std::string::npos ? end : end - start);
         if (line.find("rejected: ") != std::string::npos)
            printf("%s\n", line.c_str());
         if (end == std::string::npos)
            break;
         start = end + 1;
      }
   }
   printf("corpus: %zu files: %u compiled, %u rejected with a reason, %u over their resource "
          "limit, %u crashed\n",
          files.size(), compiled, rejected, limited_out, crashed);
   return crashed ? 1 : 0;
}

void
usage()
{
   fprintf(stderr,
           "usage: lsgpu-compile [--nir] [--llvm] [--asm] [--quiet] [-O0|-O2] [-o OUT.lsb]\n"
           "                     [--max-statements N] [--max-seconds N] FILE...\n"
           "       lsgpu-compile --corpus PATH...\n"
           "       lsgpu-compile --bench PATH...\n"
           "       lsgpu-compile --disasm FILE.lsb...\n"
           "FILE: GLSL (.vert .frag .comp) or a piglit .shader_test. Stats lines follow\n"
           "shader-db's format; -o writes the binary of the (single) compiled stage.\n"
           "A file of more than --max-statements statements (100000; 0: no limit) or whose\n"
           "compile takes more than --max-seconds of CPU time (60; 0: no limit) is refused.\n");
}

} // namespace

int lsgpu_run_bench(const std::vector<std::string> &files);
int lsgpu_run_disasm(const std::vector<std::string> &files);
int lsgpu_run_thread_check(const std::vector<std::string> &files, unsigned threads);
bool lsgpu_load_shader_file(const std::string &path, lsgpu_test_file *out, std::string *reason);

int
main(int argc, char **argv)
{
   Args args;
   for (int i = 1; i < argc; i++) {
      std::string a = argv[i];
      if (a == "--nir")
         args.opts.debug |= LSGPU_COMPILER_DEBUG_NIR;
      else if (a == "--llvm")
         args.opts.debug |= LSGPU_COMPILER_DEBUG_LLVM;
      else if (a == "--asm")
         args.opts.debug |= LSGPU_COMPILER_DEBUG_ASM;
      else if (a == "-O0")
         args.opts.opt_level = LSGPU_OPT_NONE;
      else if (a == "-O2")
         args.opts.opt_level = LSGPU_OPT_O2;
      else if (a == "-o" && i + 1 < argc)
         args.output = argv[++i];
      else if (a == "--corpus")
         args.corpus = true;
      else if (a == "--bench")
         args.bench = true;
      else if (a == "--disasm")
         args.disasm = true;
      else if (a == "--threads" && i + 1 < argc)
         args.threads = (unsigned)atoi(argv[++i]);
      else if (a == "--quiet")
         args.quiet = true;
      else if ((a == "--max-statements" || a == "--max-seconds") && i + 1 < argc) {
         char *end = nullptr;
         const unsigned long v = strtoul(argv[++i], &end, 10);
         if (!*argv[i] || *end || argv[i][0] == '-') {
            fprintf(stderr, "lsgpu-compile: %s takes a whole number, not '%s'\n", a.c_str(),
                    argv[i]);
            return 2;
         }
         if (a == "--max-statements")
            args.max_statements = v;
         else
            args.max_seconds = (unsigned)v;
      } else if (a == "-h" || a == "--help") {
         usage();
         return 0;
      } else if (!a.empty() && a[0] == '-') {
         usage();
         return 2;
      } else
         args.files.push_back(a);
   }
   args.opts.number_vs_inputs = true;
   /* One reference for the whole run: GLSL types and built-ins stay alive between
    * programs (NIR kept across programs points at the types), and are built once. */
   glsl_type_singleton_init_or_ref();
   _mesa_glsl_builtin_functions_init_or_ref();
   if (args.files.empty()) {
      usage();
      return 2;
   }
   if (args.disasm)
      return lsgpu_run_disasm(args.files);
   if (args.corpus)
      return run_corpus(args);
   if (args.threads) {
      std::vector<std::string> files;
      for (const std::string &p : args.files)
         collect(p, &files);
      return lsgpu_run_thread_check(files, args.threads);
   }
   if (args.bench) {
      std::vector<std::string> files;
      for (const std::string &p : args.files)
         collect(p, &files);
      return lsgpu_run_bench(files);
   }
   int rc = 0;
   for (const std::string &f : args.files)
      rc = std::max(rc, compile_one(args, f));
   return rc;
}
