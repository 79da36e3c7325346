/* SPDX-License-Identifier: MIT */
#ifndef LSGPU_SIM_SHADER_JIT_H
#define LSGPU_SIM_SHADER_JIT_H

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace lsgpu::sim
{

struct Warp;
struct ShaderProgram;
struct JitCache;

enum class JitMode { Off, Hot, Always };

/*
 * The shader cores' JIT (docs/simulator.md, "The shader-core JIT"): a program's code
 * becomes one host function that runs a warp as the interpreter does (min-PC SIMT,
 * the 16 lanes as host vectors), with the same registers, memory, counters, faults
 * and watchdog. The interpreter stays the reference model: generated code hands it
 * whatever it does not compile (one instruction at a time) and calls back into it for
 * memory, texture and the other units.
 */

/* A mapping generated code may use without a call: a word at va + d, d < span, is at
 * host address va + d + delta. span 0: none yet. */
struct JitWindow {
   uint64_t va, span, delta;
};

/* Mappings earlier loads and stores went through, as JitHelpers::access leaves them: a
 * word access whose lanes all fall inside one reads or writes host memory in generated
 * code, with no call. uniform: a load whose lanes share one address (a vertex shader's
 * constants: most of its loads); load and store: lanes at their own addresses (the I/O
 * blocks: the rest). */
struct JitWindows {
   JitWindow uniform, load, store;
};

/* What generated code and the core share; codegen reads the fields by offset. */
struct JitFrame {
   int64_t budget;      /* ShaderEnv::budget */
   uint64_t warp_insts; /* the run's counts so far (Exec's) */
   uint64_t lane_insts;
   uint64_t cycles;
   void *exec; /* the interpreter, for helper calls */
   /* After LSGPU_JIT_FAULT: the faulting instruction, the first of its block (whose
    * instructions before it ran but are not yet counted) and the lanes that ran it. */
   uint32_t fault_index, fault_first, fault_mask;
   JitWindows windows;
};

enum JitExit : uint32_t {
   LSGPU_JIT_YIELD = 0,     /* the warp ended or waits at a barrier */
   LSGPU_JIT_INTERPRET = 1, /* the interpreter runs the next instruction */
   LSGPU_JIT_FAULT = 2,     /* a helper recorded a fault */
};

using JitFunction = uint32_t (*)(Warp *, JitFrame *);

/* The interpreter's entry points that generated code calls. */
struct JitHelpers {
   /* Executes code[index] for mask's lanes; 0 after recording a fault. */
   uint32_t (*execute)(void *exec, Warp *w, uint32_t index, uint32_t mask);
   /* 0 when the watchdog's periodic check would fire inside the block of n
    * instructions at first, starting after warp_insts instructions and cycles. */
   uint32_t (*watchdog)(void *exec, uint32_t first, uint32_t n, uint64_t warp_insts,
                        uint64_t cycles);
   /* Records a fault at pc for lane. */
   void (*fail)(void *exec, uint32_t fault, uint32_t pc, uint32_t lane);
   /* Executes the load or store code[index] for mask's lanes, whose addresses lie in
    * [lo, hi] (hi < lo: some lane's is misaligned): one translation when a single
    * mapping holds every lane's access, else lane by lane as execute() does; 0 after
    * recording a fault. Word accesses record their mapping in frame's windows (a store's
    * only when helper lanes' stores drop there, off the stack). */
   uint32_t (*access)(void *exec, Warp *w, uint32_t index, uint32_t mask, uint32_t lo, uint32_t hi,
                      JitFrame *frame);
};

/* The symbols generated code calls JitHelpers' functions by. */
struct JitHelperNames {
   const char *execute, *watchdog, *fail, *access;
};
constexpr JitHelperNames kJitHelperNames = {"lsgpu_jit_execute", "lsgpu_jit_watchdog",
                                            "lsgpu_jit_fail", "lsgpu_jit_access"};

/* LSGPU_SIM_JIT: 0 (interpreter only), 1 (default: programs that have run
 * LSGPU_JIT_HOT_INSTRUCTIONS warp instructions), always (every program at first use). */
JitMode shader_jit_mode();

/* One program binary (its words at its address) as the JIT knows it, shared by every
 * ShaderProgram that loads it. */
class JitProgram : public std::enable_shared_from_this<JitProgram>
{
 public:
   JitFunction function() const { return function_.load(std::memory_order_acquire); }
   /* The function to run program with under the current mode, compiling it when the
    * mode says it is time; nullptr: interpret. */
   JitFunction prepare(const ShaderProgram &program, const JitHelpers &helpers, JitMode mode);
   /* Compiles program (this binary) now and publishes the function, or that LLVM
    * refused it, unless that is done: the JIT's thread does, or prepare() in the
    * Always mode. */
   void compile(const ShaderProgram &program, const JitHelpers &helpers);
   /* Counts warp instructions the interpreter ran for this binary. */
   void interpreted(uint64_t warp_insts) { interpreted_.fetch_add(warp_insts); }

 private:
   friend std::shared_ptr<JitProgram> shader_jit_lookup(uint32_t, const std::vector<uint32_t> &);
   friend struct JitCache;
   std::vector<uint32_t> words_;
   std::atomic<JitFunction> function_{nullptr};
   std::atomic<uint64_t> interpreted_{0};
   std::atomic<bool> failed_{false};
   std::atomic<bool> queued_{false};
   std::atomic<bool> disk_checked_{false}; /* the disk cache was asked for this binary */
   std::mutex compiling_;
   std::shared_ptr<void> code_; /* owns the host code: freed with the last reference */
   uint64_t last_use_ = 0;      /* the cache's recency stamp (under its lock) */
};

/* The JIT's record of the binary `words` at va (created on first sight), or nullptr
 * when the JIT is off. */
std::shared_ptr<JitProgram> shader_jit_lookup(uint32_t va, const std::vector<uint32_t> &words);

/* How many binaries the cache keeps (default 1024): past it, the least recently loaded
 * ones no ShaderProgram holds are dropped with their host code. */
void shader_jit_set_cache_limit(size_t programs);
size_t shader_jit_cached_programs();
/* The JIT's disk cache directory ("" when it is off), the programs this process linked
 * from it, and those it stored there. */
std::string shader_jit_disk_directory();
uint64_t shader_jit_disk_loads();
uint64_t shader_jit_disk_stores();
/* Waits up to `limit` for the programs queued on the JIT's thread to be compiled (and
 * so kept on disk); how many are still unfinished. A device server that stops calls
 * it: a big shader takes LLVM longer than a short session, and one abandoned at every
 * exit would be interpreted by every later server. */
size_t shader_jit_finish(std::chrono::milliseconds limit);
/* Trims the disk cache (JitDiskCache::trim): what a device server does as it exits. */
void shader_jit_disk_trim();

} // namespace lsgpu::sim

#endif
