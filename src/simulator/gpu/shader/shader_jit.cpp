/* SPDX-License-Identifier: MIT */
/*
 * The shader-core JIT's engine: which programs get compiled (LSGPU_SIM_JIT), the cache
 * of compiled binaries, and LLVM's ORC JIT, which optimises and links the functions
 * shader_jit_codegen.cpp emits for the host CPU.
 */
#include "gpu/shader/shader_jit.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <thread>

#include <llvm/ExecutionEngine/Orc/CompileUtils.h>
#include <llvm/ExecutionEngine/Orc/Core.h>
#include <llvm/ExecutionEngine/Orc/JITTargetMachineBuilder.h>
#include <llvm/ExecutionEngine/Orc/LLJIT.h>
#include <llvm/ExecutionEngine/Orc/ThreadSafeModule.h>
#include <llvm/IR/LLVMContext.h>
#include <llvm/IR/Module.h>
#include <llvm/IR/Verifier.h>
#include <llvm/Passes/PassBuilder.h>
#include <llvm/Support/MemoryBuffer.h>
#include <llvm/Support/TargetSelect.h>
#include <llvm/Support/raw_ostream.h>
#include <llvm/Target/TargetMachine.h>

#include "common/host_threads.h"
#include "common/sim_debug.h"
#include "gpu/shader/shader_core.h"
#include "gpu/shader/shader_jit_codegen.h"
#include "gpu/shader/shader_jit_disk.h"

namespace lsgpu::sim
{

namespace
{

/* Warp instructions a binary runs on the interpreter before it is compiled: a few
 * draws of a small shader. Compiling on the JIT's thread overlaps the interpreter, so
 * compiling early pays: on the glmark2 replays, thresholds of 50,000 and 200,000 gave
 * the same times, and one that grew with the shader's size (5,000 per instruction)
 * left blur, jellyfish and phong 30-50 % slower. */
constexpr uint64_t kHotInstructions = 200000;

std::atomic<int> g_mode{-1};

JitMode
mode_from_environment()
{
   const char *v = getenv("LSGPU_SIM_JIT");
   if (v && !strcmp(v, "0"))
      return JitMode::Off;
   if (v && !strcmp(v, "always"))
      return JitMode::Always;
   return JitMode::Hot;
}

/* LLVM's JIT for this process, made on first use. */
class Engine
{
 public:
   static Engine *get()
   {
      static Engine *engine = [] {
         auto *e = new Engine;
         if (!e->init()) {
            delete e;
            return (Engine *)nullptr;
         }
         return e;
      }();
      return engine;
   }

   /* The host code of one program; destroying it frees the code (ORC's resource
    * tracker), which nothing may run any more. */
   class Code
   {
    public:
      Code(Engine *e, llvm::orc::ResourceTrackerSP t) : engine_(e), tracker_(std::move(t)) {}
      ~Code()
      {
         std::lock_guard<std::mutex> lock(engine_->mutex_);
         llvm::consumeError(tracker_->remove());
      }
      Code(const Code &) = delete;
      Code &operator=(const Code &) = delete;

    private:
      Engine *engine_;
      llvm::orc::ResourceTrackerSP tracker_;
   };

   /* Compiles program (the binary `words`) and links it; the object code is kept on
    * disk when the cache is on. LLVM's seconds hold only codegen_mutex_, so a program
    * linked from disk meanwhile (on a GPU thread) does not wait for them. */
   JitFunction compile(const ShaderProgram &program, const std::vector<uint32_t> &words,
                       const JitHelpers &helpers, std::shared_ptr<void> *code)
   {
      JitDiskCache *disk = JitDiskCache::get();
      JitDiskCache::Key key;
      std::string name;
      std::unique_ptr<llvm::MemoryBuffer> object;
      {
         std::lock_guard<std::mutex> lock(codegen_mutex_);
         if (disk) {
            key = disk->key(program.va, words, host_);
            name = symbol(key);
         } else {
            name = "lsgpu_shader_" + std::to_string(next_++);
         }
         object = codegen(program, name);
      }
      if (!object)
         return nullptr;
      if (disk)
         disk->store(key, program.va, words, object->getBuffer().str());
      std::lock_guard<std::mutex> lock(mutex_);
      if (!bind(helpers))
         return nullptr;
      return link(std::move(object), name, code);
   }

   /* The host code an earlier process compiled for this binary, linked, or nullptr
    * when the disk cache has none. The file is read before the link lock. */
   JitFunction load(uint32_t va, const std::vector<uint32_t> &words, const JitHelpers &helpers,
                    std::shared_ptr<void> *code)
   {
      JitDiskCache *disk = JitDiskCache::get();
      if (!disk)
         return nullptr;
      const JitDiskCache::Key key = disk->key(va, words, host_);
      std::string object;
      if (!disk->load(key, va, words, &object))
         return nullptr;
      const std::string name = symbol(key);
      std::lock_guard<std::mutex> lock(mutex_);
      if (!bind(helpers))
         return nullptr;
      return link(llvm::MemoryBuffer::getMemBufferCopy(object, name), name, code);
   }

 private:
   /* program as an object file whose function is `name` (under codegen_mutex_). */
   std::unique_ptr<llvm::MemoryBuffer> codegen(const ShaderProgram &program,
                                               const std::string &name)
   {
      auto ctx = std::make_unique<llvm::LLVMContext>();
      auto mod = std::make_unique<llvm::Module>(name, *ctx);
      mod->setDataLayout(tm_->createDataLayout());
      mod->setTargetTriple(tm_->getTargetTriple().str());
      llvm::Function *fn = shader_jit_build(*mod, program, name);
      fn->addFnAttr("target-cpu", tm_->getTargetCPU());
      fn->addFnAttr("target-features", tm_->getTargetFeatureString());
      std::string problems;
      llvm::raw_string_ostream os(problems);
      if (llvm::verifyModule(*mod, &os)) {
         fprintf(stderr, "lsgpu-sim: JIT: invalid code for the shader at 0x%x: %s\n", program.va,
                 problems.c_str());
         return nullptr;
      }
      static const bool dump = sim_debug("jit-ir");
      if (dump)
         mod->print(llvm::errs(), nullptr);
      optimize(*mod);
      llvm::orc::SimpleCompiler compiler(*tm_);
      auto object = compiler(*mod);
      if (!object) {
         fprintf(stderr, "lsgpu-sim: JIT: %s\n", llvm::toString(object.takeError()).c_str());
         return nullptr;
      }
      return std::move(*object);
   }

   static std::string symbol(const JitDiskCache::Key &key)
   {
      char name[40];
      snprintf(name, sizeof(name), "lsgpu_shader_%016llx", (unsigned long long)key.hash);
      return name;
   }

   /* Gives generated code its helpers (kJitHelperNames), once: their addresses are
    * this process's, never in the code. */
   bool bind(const JitHelpers &helpers)
   {
      if (bound_)
         return !memcmp(&helpers, &helpers_, sizeof(helpers));
      const auto flags = llvm::JITSymbolFlags::Exported | llvm::JITSymbolFlags::Callable;
      llvm::orc::SymbolMap symbols;
      symbols[jit_->mangleAndIntern(kJitHelperNames.execute)] =
         llvm::JITEvaluatedSymbol::fromPointer(helpers.execute, flags);
      symbols[jit_->mangleAndIntern(kJitHelperNames.watchdog)] =
         llvm::JITEvaluatedSymbol::fromPointer(helpers.watchdog, flags);
      symbols[jit_->mangleAndIntern(kJitHelperNames.fail)] =
         llvm::JITEvaluatedSymbol::fromPointer(helpers.fail, flags);
      symbols[jit_->mangleAndIntern(kJitHelperNames.access)] =
         llvm::JITEvaluatedSymbol::fromPointer(helpers.access, flags);
      if (auto err = jit_->getMainJITDylib().define(llvm::orc::absoluteSymbols(symbols))) {
         fprintf(stderr, "lsgpu-sim: JIT: %s\n", llvm::toString(std::move(err)).c_str());
         return false;
      }
      helpers_ = helpers;
      bound_ = true;
      return true;
   }

   /* Links an object holding the function `name` (under mutex_). */
   JitFunction link(std::unique_ptr<llvm::MemoryBuffer> object, const std::string &name,
                    std::shared_ptr<void> *code)
   {
      llvm::orc::ResourceTrackerSP tracker = jit_->getMainJITDylib().createResourceTracker();
      if (auto err = jit_->addObjectFile(tracker, std::move(object))) {
         fprintf(stderr, "lsgpu-sim: JIT: %s\n", llvm::toString(std::move(err)).c_str());
         return nullptr;
      }
      auto sym = jit_->lookup(name);
      if (!sym) {
         fprintf(stderr, "lsgpu-sim: JIT: %s\n", llvm::toString(sym.takeError()).c_str());
         llvm::consumeError(tracker->remove());
         return nullptr;
      }
      *code = std::make_shared<Code>(this, std::move(tracker));
      return sym->toPtr<JitFunction>();
   }

   bool init()
   {
      llvm::InitializeNativeTarget();
      llvm::InitializeNativeTargetAsmPrinter();
      auto builder = llvm::orc::JITTargetMachineBuilder::detectHost();
      if (!builder) {
         llvm::consumeError(builder.takeError());
         return false;
      }
      builder->setCodeGenOptLevel(llvm::CodeGenOpt::Default);
      /* No AVX-512: LLVM 15 folds a masked bitwise select into a VPTERNLOG with the
       * wrong truth table when it commutes a memory operand (fsgnj.s f24, f18, f24 over
       * zeros gave 0x7fffffff; found by tests/simt/jit_random_test.cpp). AVX2 runs the
       * 16 lanes as two halves. */
      builder->getFeatures().AddFeature("avx512f", false);
      auto tm = builder->createTargetMachine();
      if (!tm) {
         llvm::consumeError(tm.takeError());
         return false;
      }
      tm_ = std::move(*tm);
      host_ = tm_->getTargetTriple().str() + " " + tm_->getTargetCPU().str() + " " +
              tm_->getTargetFeatureString().str();
      auto jit = llvm::orc::LLJITBuilder().setJITTargetMachineBuilder(std::move(*builder)).create();
      if (!jit) {
         fprintf(stderr, "lsgpu-sim: JIT: %s\n", llvm::toString(jit.takeError()).c_str());
         return false;
      }
      jit_ = std::move(*jit);
      return true;
   }

   void optimize(llvm::Module &mod)
   {
      llvm::LoopAnalysisManager lam;
      llvm::FunctionAnalysisManager fam;
      llvm::CGSCCAnalysisManager cgam;
      llvm::ModuleAnalysisManager mam;
      llvm::PassBuilder pb(tm_.get());
      pb.registerModuleAnalyses(mam);
      pb.registerCGSCCAnalyses(cgam);
      pb.registerFunctionAnalyses(fam);
      pb.registerLoopAnalyses(lam);
      pb.crossRegisterProxies(lam, fam, cgam, mam);
      /* Not -O2: the code has no calls to inline, no loops to transform, and is
       * vectorised already; what it needs is the warp's registers kept in host registers
       * within a block (SROA, EarlyCSE's load forwarding, DSE) and the selects and
       * branches cleaned up. This costs a quarter of -O2's time for the same code. */
      llvm::ModulePassManager mpm;
      if (auto err = pb.parsePassPipeline(
             mpm, "function(sroa,early-cse<memssa>,instcombine,dse,simplifycfg)")) {
         llvm::consumeError(std::move(err));
         return;
      }
      mpm.run(mod, mam);
   }

   std::mutex mutex_;         /* the JIT's dylib: linking, removing, the helpers */
   std::mutex codegen_mutex_; /* tm_ and next_: generating code */
   std::unique_ptr<llvm::TargetMachine> tm_;
   std::unique_ptr<llvm::orc::LLJIT> jit_;
   std::string host_; /* the code generator's target, part of the disk cache's keys */
   JitHelpers helpers_ = {};
   bool bound_ = false;
   unsigned next_ = 0;
};

/* The thread that compiles hot programs, in the order they became hot. */
class Background
{
 public:
   void queue(std::shared_ptr<JitProgram> p, const ShaderProgram &program,
              const JitHelpers &helpers)
   {
      std::lock_guard<std::mutex> lock(mutex_);
      ShaderProgram copy;
      copy.va = program.va;
      copy.code = program.code;
      jobs_.push_back({std::move(p), std::move(copy), helpers});
      unfinished_++;
      if (!started_) {
         started_ = true;
         std::thread([this] { run(); }).detach();
      }
      ready_.notify_one();
   }

 private:
   struct Job {
      std::shared_ptr<JitProgram> program;
      ShaderProgram code;
      JitHelpers helpers;
   };

   void run()
   {
      host_thread_name("lsgpu-jit");
      for (;;) {
         std::unique_lock<std::mutex> lock(mutex_);
         ready_.wait(lock, [this] { return !jobs_.empty(); });
         Job job = std::move(jobs_.front());
         jobs_.pop_front();
         lock.unlock();
         job.program->compile(job.code, job.helpers);
         job = Job{}; /* the program may go before finish() returns */
         lock.lock();
         if (--unfinished_ == 0)
            done_.notify_all();
      }
   }

 public:
   /* Waits until every queued program is compiled or `limit` has passed; the number of
    * programs still unfinished. */
   size_t finish(std::chrono::milliseconds limit)
   {
      std::unique_lock<std::mutex> lock(mutex_);
      done_.wait_for(lock, limit, [this] { return unfinished_ == 0; });
      return unfinished_;
   }

 private:
   std::mutex mutex_;
   std::condition_variable ready_, done_;
   std::deque<Job> jobs_;
   size_t unfinished_ = 0; /* queued or being compiled */
   bool started_ = false;
};

Background &
background()
{
   static Background *b = new Background; /* never destroyed: its thread may outlive exit */
   return *b;
}

} // namespace

/* The binaries the JIT knows (a friend of JitProgram: it keeps their recency). */
struct JitCache {
   std::mutex mutex;
   /* By a hash of address and words; the entries hold the words to compare. */
   std::multimap<uint64_t, std::shared_ptr<JitProgram>> programs;
   /* When it grows past this, the least recently loaded binaries no draw or dispatch
    * holds go, with their host code: a long session loads ever new shaders. */
   size_t limit = 1024;
   uint64_t clock = 0; /* lookups so far: the recency stamps */

   void evict()
   {
      if (programs.size() <= limit)
         return;
      /* Only the cache holds an entry with use_count 1, and only lookups (under the
       * lock) hand out new references: nothing can be running its code. */
      std::vector<
         std::pair<uint64_t, std::multimap<uint64_t, std::shared_ptr<JitProgram>>::iterator>>
         idle;
      for (auto it = programs.begin(); it != programs.end(); ++it) {
         if (it->second.use_count() == 1)
            idle.emplace_back(it->second->last_use_, it);
      }
      std::sort(idle.begin(), idle.end(),
                [](const auto &a, const auto &b) { return a.first < b.first; });
      const size_t target = limit * 3 / 4;
      for (auto &[stamp, it] : idle) {
         if (programs.size() <= target)
            break;
         programs.erase(it);
      }
   }
};

namespace
{

JitCache &
cache()
{
   static JitCache *c = new JitCache;
   return *c;
}

uint64_t
hash_words(uint32_t va, const std::vector<uint32_t> &words)
{
   uint64_t h = 0xcbf29ce484222325ull ^ va; /* FNV-1a over the words */
   for (uint32_t w : words) {
      h ^= w;
      h *= 0x100000001b3ull;
   }
   return h;
}

} // namespace

JitMode
shader_jit_mode()
{
   int m = g_mode.load(std::memory_order_relaxed);
   if (m < 0) {
      m = (int)mode_from_environment();
      g_mode.store(m, std::memory_order_relaxed);
   }
   return (JitMode)m;
}

std::shared_ptr<JitProgram>
shader_jit_lookup(uint32_t va, const std::vector<uint32_t> &words)
{
   if (shader_jit_mode() == JitMode::Off)
      return nullptr;
   JitCache &c = cache();
   const uint64_t h = hash_words(va, words);
   std::lock_guard<std::mutex> lock(c.mutex);
   auto range = c.programs.equal_range(h);
   for (auto it = range.first; it != range.second; ++it) {
      if (it->second->words_ == words) {
         it->second->last_use_ = ++c.clock;
         return it->second;
      }
   }
   auto p = std::make_shared<JitProgram>();
   p->words_ = words;
   c.programs.emplace(h, p);
   p->last_use_ = ++c.clock;
   c.evict();
   return p;
}

void
shader_jit_set_cache_limit(size_t programs)
{
   JitCache &c = cache();
   std::lock_guard<std::mutex> lock(c.mutex);
   c.limit = programs;
   c.evict();
}

size_t
shader_jit_cached_programs()
{
   JitCache &c = cache();
   std::lock_guard<std::mutex> lock(c.mutex);
   return c.programs.size();
}

std::string
shader_jit_disk_directory()
{
   JitDiskCache *disk = JitDiskCache::get();
   return disk ? disk->directory() : std::string();
}

uint64_t
shader_jit_disk_loads()
{
   return JitDiskCache::loads();
}

uint64_t
shader_jit_disk_stores()
{
   return JitDiskCache::stores();
}

size_t
shader_jit_finish(std::chrono::milliseconds limit)
{
   return background().finish(limit);
}

void
shader_jit_disk_trim()
{
   if (JitDiskCache *disk = JitDiskCache::get())
      disk->trim();
}

/* Compiles a program and publishes its function (or that it has none), unless another
 * thread has meanwhile. */
void
JitProgram::compile(const ShaderProgram &program, const JitHelpers &helpers)
{
   std::lock_guard<std::mutex> lock(compiling_);
   if (function() || failed_.load())
      return;
   Engine *engine = Engine::get();
   const auto start = std::chrono::steady_clock::now();
   JitFunction fn = engine ? engine->compile(program, words_, helpers, &code_) : nullptr;
   const double ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
   static const bool debug = sim_debug("jit");
   if (debug)
      fprintf(stderr, "lsgpu-sim: JIT: %s %zu instructions at 0x%x in %.1f ms\n",
              fn ? "compiled" : "could not compile", program.code.size(), program.va, ms);
   if (!fn)
      failed_.store(true);
   function_.store(fn, std::memory_order_release);
}

JitFunction
JitProgram::prepare(const ShaderProgram &program, const JitHelpers &helpers, JitMode mode)
{
   if (mode == JitMode::Off)
      return nullptr;
   JitFunction fn = function();
   if (fn || failed_.load(std::memory_order_relaxed))
      return fn;
   /* Host code an earlier device server compiled is linked at once, as a shader cache
    * hit would be: no interpreter, no LLVM. Looked for once per binary. */
   if (!disk_checked_.exchange(true)) {
      std::lock_guard<std::mutex> lock(compiling_);
      if (!function()) {
         Engine *engine = Engine::get();
         const auto start = std::chrono::steady_clock::now();
         fn = engine ? engine->load(program.va, words_, helpers, &code_) : nullptr;
         static const bool debug = sim_debug("jit");
         if (debug && fn)
            fprintf(
               stderr, "lsgpu-sim: JIT: loaded %zu instructions at 0x%x from disk in %.1f ms\n",
               program.code.size(), program.va,
               std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
                  .count());
         if (fn)
            function_.store(fn, std::memory_order_release);
      }
      if ((fn = function()))
         return fn;
   }
   if (mode == JitMode::Always) {
      compile(program, helpers);
      return function();
   }
   /* A hot binary is compiled on the JIT's own thread while the interpreter goes on
    * running it: a big shader takes LLVM seconds, which the GPU's other work (and the
    * host's other core) need not wait for. */
   if (interpreted_.load(std::memory_order_relaxed) < kHotInstructions || queued_.exchange(true))
      return nullptr;
   background().queue(shared_from_this(), program, helpers);
   return nullptr;
}

} // namespace lsgpu::sim
